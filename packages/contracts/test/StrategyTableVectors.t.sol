// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Vector inputs are cast from hashes on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Test} from "forge-std/Test.sol";
import {StrategyTable} from "../src/libraries/StrategyTable.sol";

/// @notice Test vectors of the strategy-table rule for the off-chain simulator: test/fixtures/strategy-table-vectors.json.
///         With STRATEGY_VECTORS_WRITE=true the file is (re)written; otherwise the committed file must equal what the
///         library computes now, line by line, so the fixture cannot drift from the chain's rule.
///         All integers wider than 32 bits are decimal strings (read them as BigInt).
contract StrategyTableVectorsTest is Test {
    string internal constant PATH = "./test/fixtures/strategy-table-vectors.json";
    uint256 internal constant LOOKUPS = 320;
    uint256 internal constant BUFFERS = 120;
    /// @dev 2024-01-01T00:00:00Z and one year.
    uint256 internal constant Y2024 = 1_704_067_200;
    uint256 internal constant YEAR = 366 days;

    function test_vectors_MatchCommittedFixture() public {
        string[] memory lines = _lines();
        if (vm.envOr("STRATEGY_VECTORS_WRITE", false)) {
            vm.writeFile(PATH, "");
            for (uint256 i; i < lines.length; i++) {
                vm.writeLine(PATH, lines[i]);
            }
            return;
        }
        for (uint256 i; i < lines.length; i++) {
            assertEq(vm.readLine(PATH), lines[i], string.concat("line ", vm.toString(i + 1)));
        }
        assertEq(vm.readLine(PATH), "", "no extra lines");
    }

    function _lines() internal pure returns (string[] memory lines) {
        lines = new string[](LOOKUPS + BUFFERS + 7);
        uint256 n;
        lines[n++] = "{";
        lines[n++] = string.concat(
            '  "rule": "block = ((intervalStart + 36000) % 86400) / 1800, intervalStart = the trader\'s intervalStart(interval) ',
            "(= interval * intervalSeconds while the length never changed; rows with changedSchedule = true have ",
            "interval numbers that continue across a length change); band = soc >= capacity ? 7 : ",
            "soc * 8 / capacity; word band b = bits [32b, 32b+32): lo = int16 low half, hi = int16 high half; ",
            "lo/hi wei = int16 * unitWei; active buffer = non-empty (unitWei > 0) buffer with the greatest ",
            'effectiveFrom <= interval (tie -> 0); stale = interval > its validUntil (-> static thresholds)",'
        );
        lines[n++] = '  "lookups": [';
        for (uint256 i; i < LOOKUPS; i++) {
            lines[n++] = string.concat("    ", _lookup(i), i + 1 < LOOKUPS ? "," : "");
        }
        lines[n++] = "  ],";
        lines[n++] = '  "buffers": [';
        for (uint256 i; i < BUFFERS; i++) {
            lines[n++] = string.concat("    ", _buffers(i), i + 1 < BUFFERS ? "," : "");
        }
        lines[n++] = "  ]";
        lines[n++] = "}";
    }

    function _rand(string memory tag, uint256 i, uint256 k) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(tag, i, k)));
    }

    struct Input {
        uint64 interval;
        uint32 secs;
        uint64 soc;
        uint64 cap;
        bytes32 word;
        uint64 unit;
        uint256 start;
        bool changed;
    }

    function _input(uint256 i) internal pure returns (Input memory v) {
        uint32[8] memory lens = [uint32(300), 1800, 60, 5, 7, 3600, 1, 900];
        v.secs = lens[_rand("len", i, 0) % 8];
        uint256 ts = Y2024 + _rand("ts", i, 0) % YEAR;
        uint256 kind = i % 8;
        // Market midnight (14:00 UTC) and the interval just before it.
        if (kind == 1) ts = Y2024 + (_rand("day", i, 0) % 366) * 1 days + 14 hours - (i % 16 < 8 ? 0 : 1);
        v.interval = uint64(ts / v.secs);
        if (i == 0) v.interval = 0;
        if (i == 1) v.interval = type(uint64).max;
        if (i == 2) v.interval = type(uint32).max;
        v.start = uint256(v.interval) * v.secs;
        // A schedule whose length changed: 300 s intervals from 0 until a boundary `at`, then `secs` from there, with
        // monotonic numbering (interval = at / 300 + k starts at at + k * secs).
        if (kind == 0 && i % 16 >= 8) {
            uint256 at = (Y2024 + _rand("change", i, 0) % YEAR) / 300 * 300;
            uint256 k = _rand("k", i, 0) % 20_000;
            v.interval = uint64(at / 300 + k);
            v.start = at + k * v.secs;
            v.changed = true;
        }

        v.cap = uint64(1 + _rand("cap", i, 0) % 20_000_000_000);
        v.soc = uint64(_rand("soc", i, 0) % (uint256(v.cap) + 1));
        if (kind == 2) v.soc = v.cap; // full
        if (kind == 3) v.soc = uint64(uint256(v.cap) * (_rand("edge", i, 0) % 8) / 8); // band boundary
        if (kind == 4) v.soc = uint64(uint256(v.cap) * (1 + _rand("edge", i, 0) % 7) / 8 - 1); // just below one
        if (kind == 5) v.soc = v.cap + uint64(_rand("over", i, 0) % 1000); // above capacity
        if (i == 3) (v.soc, v.cap) = (0, 0);
        if (i == 4) (v.soc, v.cap) = (12, 0);
        if (i == 5) (v.soc, v.cap) = (type(uint64).max - 1, type(uint64).max);

        v.word = kind == 6 ? _extremeWord(i) : bytes32(_rand("word", i, 0));
        v.unit = uint64(1 + _rand("unit", i, 0) % 1e15);
        if (kind == 7) v.unit = i % 16 < 8 ? type(uint64).max : 1;
    }

    /// @dev int16 extremes and negatives in every band.
    function _extremeWord(uint256 i) internal pure returns (bytes32 word) {
        int16[4] memory pick = [type(int16).min, type(int16).max, int16(-1), int16(0)];
        for (uint256 b; b < 8; b++) {
            word |= StrategyTable.packBand(b, pick[_rand("lo", i, b) % 4], pick[_rand("hi", i, b) % 4]);
        }
    }

    function _lookup(uint256 i) internal pure returns (string memory) {
        Input memory v = _input(i);
        uint256 band = StrategyTable.bandOf(v.soc, v.cap);
        (int16 lo16, int16 hi16) = StrategyTable.unpack(v.word, band);
        (int256 lo, int256 hi) = StrategyTable.thresholds(v.word, band, v.unit);
        return string.concat(
            string.concat(
                '{"interval":"',
                vm.toString(uint256(v.interval)),
                '","intervalSeconds":',
                vm.toString(uint256(v.secs)),
                ',"soc":"',
                vm.toString(uint256(v.soc)),
                '","capacity":"',
                vm.toString(uint256(v.cap)),
                '","intervalStart":"',
                vm.toString(v.start),
                '","changedSchedule":',
                vm.toString(v.changed),
                ',"slot":"',
                vm.toString(v.word),
                '","unitWei":"',
                vm.toString(uint256(v.unit))
            ),
            string.concat(
                '","block":',
                vm.toString(StrategyTable.blockAt(v.start)),
                ',"band":',
                vm.toString(band),
                ',"loUnits":',
                vm.toString(int256(lo16)),
                ',"hiUnits":',
                vm.toString(int256(hi16)),
                ',"lo":"',
                vm.toString(lo),
                '","hi":"',
                vm.toString(hi),
                '"}'
            )
        );
    }

    function _buffers(uint256 i) internal pure returns (string memory) {
        // Small effectiveFrom values so that ties, boundaries and empties are frequent.
        uint32[2] memory ef;
        uint32[2] memory vu;
        uint64[2] memory unit;
        for (uint256 b; b < 2; b++) {
            ef[b] = uint32(_rand("ef", i, b) % 12);
            vu[b] = ef[b] + uint32(_rand("vu", i, b) % 8);
            unit[b] = _rand("empty", i, b) % 4 == 0 ? 0 : uint64(1 + _rand("u", i, b) % 1e15);
        }
        uint256 interval = _rand("at", i, 0) % 22;
        uint256 header = StrategyTable.withMeta(0, 0, StrategyTable.encodeMeta(ef[0], vu[0], unit[0]));
        header = StrategyTable.withMeta(header, 1, StrategyTable.encodeMeta(ef[1], vu[1], unit[1]));
        (bool found, uint256 buffer) = StrategyTable.activeBuffer(header, interval);
        bool stale = found && interval > StrategyTable.validUntilOf(StrategyTable.metaOf(header, buffer));
        return string.concat(
            string.concat(
                '{"interval":"',
                vm.toString(uint256(interval)),
                '","buffers":[',
                _meta(ef[0], vu[0], unit[0]),
                ",",
                _meta(ef[1], vu[1], unit[1]),
                "]"
            ),
            string.concat(
                ',"header":"',
                vm.toString(bytes32(header)),
                '","found":',
                vm.toString(found),
                ',"buffer":',
                vm.toString(uint256(buffer)),
                ',"stale":',
                vm.toString(stale),
                ',"fromTable":',
                vm.toString(found && !stale),
                "}"
            )
        );
    }

    function _meta(uint32 ef, uint32 vu, uint64 unit) internal pure returns (string memory) {
        return string.concat(
            '{"effectiveFrom":"',
            vm.toString(uint256(ef)),
            '","validUntil":"',
            vm.toString(uint256(vu)),
            '","unitWei":"',
            vm.toString(uint256(unit)),
            '"}'
        );
    }
}
