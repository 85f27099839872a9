// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IEmitter {
    function tag(string calldata labelText, uint256[] calldata values, uint64 weight) external;
}

/// @notice Benchmark helper: calls the fixture Emitter's `tag` many times in one transaction, so
/// the Emitter data source sees many Tagged events per block. Artifact: TagBatcher.json (solcjs 0.8).
contract TagBatcher {
    function tagMany(IEmitter emitter, uint256 count, uint256 offset) external {
        uint256[] memory values = new uint256[](2);
        for (uint256 i = 0; i < count; i++) {
            values[0] = offset + i;
            values[1] = i * 2;
            emitter.tag("bench", values, uint64(i));
        }
    }
}
