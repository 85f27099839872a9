// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Extracting packed fields truncates on purpose.
// forge-lint: disable-start(unsafe-typecast)

/// @title StrategyTable
/// @notice The pure rule mapping (interval, state of charge) to a strategy table's thresholds. Reproduced exactly
///         off-chain by the strategy simulator (see .notes/design-issues-7-10.md, "Strategy table").
/// @dev Encodings:
///      - Block word (bytes32, one per half-hour block): band b (0..7) in bits [32b, 32b+32); low 16 bits =
///        chargeBelow (int16), high 16 bits = dischargeAbove (int16), two's complement. A valid word has
///        chargeBelow <= dischargeAbove in every band (equal is allowed: charge wins the tie, as in EnergyMath).
///      - Buffer meta (128 bits): effectiveFrom uint32 in [0, 32), validUntil uint32 in [32, 64), unitWei uint64 in
///        [64, 128). unitWei == 0 marks an empty buffer (a publication requires unitWei > 0).
///      - Header (one slot per profile): buffer 0's meta in bits [0, 128), buffer 1's in [128, 256).
///      Rule:
///      - block(interval) = ((intervalStart + 36000) % 86400) / 1800 (market time UTC+10, no DST), intervalStart
///        = the trader's intervalStart(interval) (= interval * intervalSeconds while the length never changed);
///      - band(soc, capacity) = min(7, soc * 8 / capacity), taken as 7 when soc >= capacity (so capacity 0 -> 7);
///      - active buffer at `interval`: among non-empty buffers with effectiveFrom <= interval, the one with the
///        greater effectiveFrom (publication never lets both be equal; a tie would pick buffer 0); none -> static;
///      - stale (-> static thresholds) when interval > the active buffer's validUntil;
///      - threshold, wei/MWh = int256(int16) * unitWei.
library StrategyTable {
    /// @notice Half-hour blocks per market day.
    uint256 internal constant BLOCKS = 48;
    /// @notice State-of-charge bands.
    uint256 internal constant BANDS = 8;
    /// @notice Seconds per block.
    uint256 internal constant BLOCK_SECONDS = 1800;
    /// @notice Seconds per day.
    uint256 internal constant DAY_SECONDS = 86_400;
    /// @notice Market time offset from UTC (AEST, UTC+10, no daylight saving).
    uint256 internal constant MARKET_OFFSET_SECONDS = 36_000;

    /// @dev 0x0000ffff in every 32-bit lane.
    uint256 private constant _LANE_LOW16 = 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff;
    /// @dev 0x00008000 in every 32-bit lane (int16 sign bit).
    uint256 private constant _LANE_SIGN = 0x0000800000008000000080000000800000008000000080000000800000008000;
    /// @dev 0x00010000 in every 32-bit lane.
    uint256 private constant _LANE_BIT16 = 0x0001000000010000000100000001000000010000000100000001000000010000;

    /// @notice The market-day half-hour block of the interval starting at `intervalStart`.
    /// @dev The rule: the trader supplies its interval's start timestamp (intervalStart(interval)), which differs
    ///      from interval * intervalSeconds once the interval length has changed.
    /// @param intervalStart The interval's start, unix seconds.
    /// @return blk The block, 0..47 (0 = 00:00-00:30 market time).
    function blockAt(uint256 intervalStart) internal pure returns (uint256 blk) {
        unchecked {
            // ((start + 36000) mod 86400) without overflow for any uint256 start.
            blk = ((intervalStart % DAY_SECONDS + MARKET_OFFSET_SECONDS) % DAY_SECONDS) / BLOCK_SECONDS;
        }
    }

    /// @notice The block of `interval` on a schedule that never changed length: blockAt(interval * intervalSeconds).
    /// @param interval The interval number.
    /// @param intervalSeconds The interval length, seconds.
    /// @return blk The block, 0..47.
    function blockOf(uint64 interval, uint32 intervalSeconds) internal pure returns (uint256 blk) {
        unchecked {
            // < 2^96: no overflow.
            blk = blockAt(uint256(interval) * intervalSeconds);
        }
    }

    /// @notice The state-of-charge band: min(7, socWh * 8 / capacityWh); 7 when socWh >= capacityWh.
    /// @param socWh The state of charge, Wh.
    /// @param capacityWh The capacity, Wh.
    /// @return band The band, 0..7.
    function bandOf(uint64 socWh, uint64 capacityWh) internal pure returns (uint256 band) {
        if (socWh >= capacityWh) return 7;
        unchecked {
            // socWh < capacityWh, so the quotient is < 8 and capacityWh > 0.
            band = uint256(socWh) * 8 / capacityWh;
        }
    }

    /// @notice The raw int16 thresholds of `band` in a block word.
    /// @param word The block word.
    /// @param band The band, 0..7 (a larger band reads as zeros).
    /// @return lo chargeBelow, in units.
    /// @return hi dischargeAbove, in units.
    function unpack(bytes32 word, uint256 band) internal pure returns (int16 lo, int16 hi) {
        assembly ("memory-safe") {
            let w := shr(shl(5, band), word)
            lo := signextend(1, w)
            hi := signextend(1, shr(16, w))
        }
    }

    /// @notice The thresholds of `band` in wei/MWh: int16 * unitWei.
    /// @param word The block word.
    /// @param band The band, 0..7.
    /// @param unitWei The publication's unit, wei/MWh per step.
    /// @return chargeBelow Charge when price <= this, wei/MWh.
    /// @return dischargeAbove Discharge when price >= this (and not charging), wei/MWh.
    function thresholds(bytes32 word, uint256 band, uint64 unitWei)
        internal
        pure
        returns (int256 chargeBelow, int256 dischargeAbove)
    {
        (int16 lo, int16 hi) = unpack(word, band);
        unchecked {
            // |int16| * uint64 < 2^80: no overflow.
            chargeBelow = int256(lo) * int256(uint256(unitWei));
            dischargeAbove = int256(hi) * int256(uint256(unitWei));
        }
    }

    /// @notice Packs one band's thresholds into its 32-bit lane.
    /// @param band The band, 0..7.
    /// @param lo chargeBelow, units.
    /// @param hi dischargeAbove, units.
    /// @return word The lane, to be OR-ed into a block word.
    function packBand(uint256 band, int16 lo, int16 hi) internal pure returns (bytes32 word) {
        assembly ("memory-safe") {
            word := shl(shl(5, band), or(and(lo, 0xffff), shl(16, and(hi, 0xffff))))
        }
    }

    /// @notice Whether chargeBelow <= dischargeAbove in all 8 bands of `word`.
    /// @dev SWAR: biasing each int16 by 0x8000 maps it order-preservingly to uint16; in every 32-bit lane
    ///      (hi + 0x10000) - lo has bit 16 set iff hi >= lo, and no lane borrows from its neighbour.
    /// @param word The block word.
    /// @return ordered True when no band is inverted.
    function isOrdered(bytes32 word) internal pure returns (bool ordered) {
        assembly ("memory-safe") {
            let lo := xor(and(word, _LANE_LOW16), _LANE_SIGN)
            let hi := xor(and(shr(16, word), _LANE_LOW16), _LANE_SIGN)
            ordered := eq(and(sub(or(hi, _LANE_BIT16), lo), _LANE_BIT16), _LANE_BIT16)
        }
    }

    /// @notice The first inverted band of `word` (chargeBelow > dischargeAbove), or 8 if none.
    /// @param word The block word.
    /// @return band The band, 0..8.
    function firstInvertedBand(bytes32 word) internal pure returns (uint256 band) {
        for (; band < BANDS; ++band) {
            (int16 lo, int16 hi) = unpack(word, band);
            if (lo > hi) return band;
        }
    }

    /// @notice Encodes a buffer's meta.
    /// @param effectiveFrom First interval the buffer may be active.
    /// @param validUntil Last interval the buffer is fresh.
    /// @param unitWei wei/MWh per table step (0 = empty buffer).
    /// @return meta The 128-bit meta.
    function encodeMeta(uint32 effectiveFrom, uint32 validUntil, uint64 unitWei) internal pure returns (uint256 meta) {
        meta = uint256(effectiveFrom) | (uint256(validUntil) << 32) | (uint256(unitWei) << 64);
    }

    /// @notice Buffer `buffer`'s meta in `header`.
    /// @param header The profile header.
    /// @param buffer 0 or 1.
    /// @return meta The 128-bit meta.
    function metaOf(uint256 header, uint256 buffer) internal pure returns (uint256 meta) {
        assembly ("memory-safe") {
            meta := and(shr(shl(7, buffer), header), 0xffffffffffffffffffffffffffffffff)
        }
    }

    /// @notice `header` with buffer `buffer`'s meta replaced by `meta`.
    /// @param header The profile header.
    /// @param buffer 0 or 1.
    /// @param meta The new 128-bit meta.
    /// @return The new header.
    function withMeta(uint256 header, uint256 buffer, uint256 meta) internal pure returns (uint256) {
        uint256 shift = buffer << 7;
        return (header & ~(uint256(type(uint128).max) << shift)) | (meta << shift);
    }

    /// @notice A meta's effectiveFrom.
    /// @param meta The meta.
    /// @return The interval.
    function effectiveFromOf(uint256 meta) internal pure returns (uint32) {
        return uint32(meta);
    }

    /// @notice A meta's validUntil.
    /// @param meta The meta.
    /// @return The interval.
    function validUntilOf(uint256 meta) internal pure returns (uint32) {
        return uint32(meta >> 32);
    }

    /// @notice A meta's unitWei (0 = empty buffer).
    /// @param meta The meta.
    /// @return The unit, wei/MWh.
    function unitWeiOf(uint256 meta) internal pure returns (uint64) {
        return uint64(meta >> 64);
    }

    /// @notice The active buffer at `interval`: the non-empty buffer with the greatest effectiveFrom <= interval.
    /// @param header The profile header.
    /// @param interval The interval.
    /// @return found Whether a buffer is active (stale or not).
    /// @return buffer The active buffer (0 when none).
    function activeBuffer(uint256 header, uint256 interval) internal pure returns (bool found, uint256 buffer) {
        uint256 m0 = header & type(uint128).max;
        uint256 m1 = header >> 128;
        uint256 e0 = uint32(m0);
        uint256 e1 = uint32(m1);
        bool ok0 = m0 >> 64 != 0 && e0 <= interval;
        bool ok1 = m1 >> 64 != 0 && e1 <= interval;
        if (ok1 && (!ok0 || e1 > e0)) return (true, 1);
        return (ok0, 0);
    }

    /// @notice The buffer a new publication writes at `interval`: the one not active; when none is active, the one
    ///         with the greater effectiveFrom (a pending publication is replaced; buffer 0 when both are empty).
    /// @param header The profile header.
    /// @param interval The current interval.
    /// @return buffer 0 or 1.
    function publishTarget(uint256 header, uint256 interval) internal pure returns (uint256 buffer) {
        (bool found, uint256 active) = activeBuffer(header, interval);
        if (found) return active ^ 1;
        return uint32(header >> 128) > uint32(header) ? 1 : 0;
    }
}
// forge-lint: disable-end(unsafe-typecast)
