// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {IEnergyPriceOracle} from "./interfaces/IEnergyPriceOracle.sol";

/// @title EnergyPriceOracle
/// @notice Reference price feed with the Chainlink AggregatorV3 shape: reporters push the real-time wholesale
///         price in wei per MWh (18 decimals, signed). Round ids start at 1; every round is answered in itself and
///         timestamped with the block of its submission.
/// @dev Before the first round `latestRoundData` returns all zeros (consumers treat round 0 as invalid);
///      `getRoundData` reverts RoundNotFound for unknown rounds.
contract EnergyPriceOracle is IEnergyPriceOracle, Ownable2Step {
    /// @dev One storage slot per round (the reporter pays one fresh slot, not two): int192 answers as Chainlink's
    ///      OCR aggregators keep them (±3e57 wei/MWh, far beyond any price), uint64 seconds.
    struct Round {
        int192 answer;
        uint64 timestamp;
    }

    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;
    mapping(address account => bool) private _reporters;

    /// @notice Creates the feed.
    /// @param initialOwner The owner (manages reporters).
    /// @param description_ The feed's description, e.g. "ETH / MWh".
    constructor(address initialOwner, string memory description_) Ownable(initialOwner) {
        _description = description_;
    }

    /// @notice Pushes a new round timestamped now (reporters).
    /// @param price The price, wei per MWh.
    /// @return roundId The new round.
    function submitPrice(int256 price) external returns (uint80 roundId) {
        if (!_reporters[msg.sender]) revert NotReporter(msg.sender);
        if (price < type(int192).min || price > type(int192).max) revert PriceOutOfRange(price);
        roundId = ++_latestRound;
        // forge-lint: disable-next-line(unsafe-typecast)
        _rounds[roundId] = Round({answer: int192(price), timestamp: uint64(block.timestamp)});
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(price, roundId, block.timestamp);
    }

    /// @notice Allows or revokes a reporter (owner).
    /// @param reporter The account.
    /// @param allowed Whether it may submit prices.
    function setReporter(address reporter, bool allowed) external onlyOwner {
        if (reporter == address(0)) revert ZeroAddress();
        _reporters[reporter] = allowed;
        emit ReporterUpdated(reporter, allowed, msg.sender);
    }

    /// @notice Whether `account` may submit prices.
    /// @param account The account.
    /// @return True for reporters.
    function isReporter(address account) external view returns (bool) {
        return _reporters[account];
    }

    /// @notice The latest round id (0 before the first submission).
    /// @return The round id.
    function latestRound() external view returns (uint80) {
        return _latestRound;
    }

    /// @notice Decimals of the answer (18: wei per MWh).
    /// @return 18.
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice The feed's description.
    /// @return The description.
    function description() external view returns (string memory) {
        return _description;
    }

    /// @notice The feed's version.
    /// @return 1.
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice A past round. Reverts RoundNotFound for unknown rounds.
    /// @param roundId The round.
    /// @return roundId_ The round.
    /// @return answer The price, wei per MWh.
    /// @return startedAt The submission time.
    /// @return updatedAt The submission time.
    /// @return answeredInRound The round itself.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId == 0 || roundId > _latestRound) revert RoundNotFound(roundId);
        return _roundData(roundId);
    }

    /// @notice The latest round (all zeros before the first submission).
    /// @return roundId The round.
    /// @return answer The price, wei per MWh.
    /// @return startedAt The submission time.
    /// @return updatedAt The submission time.
    /// @return answeredInRound The round itself.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint80 latest = _latestRound;
        if (latest == 0) return (0, 0, 0, 0, 0);
        return _roundData(latest);
    }

    function _roundData(uint80 roundId) internal view returns (uint80, int256, uint256, uint256, uint80) {
        Round storage r = _rounds[roundId];
        return (roundId, r.answer, r.timestamp, r.timestamp, roundId);
    }
}
