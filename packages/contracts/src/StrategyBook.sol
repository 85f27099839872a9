// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IStrategyBook} from "./interfaces/IStrategyBook.sol";
import {StrategyTable} from "./libraries/StrategyTable.sol";

/// @title StrategyBook
/// @notice Strategy profiles and their double-buffered water-value tables, inherited by the trader so that a
///         dispatch reads a table with no external call (see IStrategyBook and StrategyTable for the rule).
/// @dev Storage (ERC-7201 namespace, so inheriting it shifts none of the inheritor's slots):
///      - profiles[id].header: both buffers' (effectiveFrom uint32, validUntil uint32, unitWei uint64), one slot,
///        so a lookup reads exactly two slots: the header and one block word;
///      - profiles[id].strategist/durationMinutes/efficiency: one slot, read by writes only;
///      - profiles[id].blocks[buffer][block]: 2 x 48 block words;
///      - batteryProfiles: 8 uint32 profile ids per slot (battery id / 8), the default behind the virtual
///        `_batteryProfile`/`_storeBatteryProfile`; EnergyTrader overrides both and keeps the id in its packed
///        per-battery state instead (this mapping then stays empty).
///      The inheritor supplies authorisation and the interval length through the virtual hooks.
abstract contract StrategyBook is IStrategyBook {
    struct ProfileStorage {
        uint256 header;
        address strategist;
        uint16 durationMinutes;
        uint16 roundTripEfficiencyBps;
        bytes32[48][2] blocks;
    }

    /// @custom:storage-location erc7201:vpp.storage.StrategyBook
    struct StrategyBookStorage {
        uint32 profileCount;
        mapping(uint256 profileId => ProfileStorage) profiles;
        mapping(uint256 batteryIdDiv8 => uint256 packedProfileIds) batteryProfiles;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("vpp.storage.StrategyBook")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x2e5bdc1293a9b3142f81b6c82c2f461f6e72ad53dd858d5100d4cef46fc17900;
    /// @dev Slot of StrategyBookStorage.profiles (_STORAGE_SLOT + 1), for the assembly lookup.
    uint256 private constant _PROFILES_SLOT = 0x2e5bdc1293a9b3142f81b6c82c2f461f6e72ad53dd858d5100d4cef46fc17901;

    // ------------------------------------------------------------------ hooks

    /// @dev Reverts unless msg.sender may create profiles and set strategists (the owner).
    function _checkStrategyOwner() internal view virtual;

    /// @dev Reverts unless msg.sender may assign `batteryId` to `profileId` (admins/owner); may also check that the
    ///      battery exists.
    function _checkBatteryProfileAuth(uint256 batteryId, uint32 profileId) internal view virtual;

    /// @dev Called by setBatteryProfile for an existing profile != 0, after the auth hook: may revert when the
    ///      battery's kind (duration, efficiency) does not match the profile's. Default: no check.
    function _checkBatteryKind(uint256 batteryId, uint32 profileId, uint16 durationMinutes, uint16 efficiencyBps)
        internal
        view
        virtual {}

    /// @dev The current dispatch interval number (the trader's monotonic numbering).
    function _currentStrategyInterval() internal view virtual returns (uint64);

    /// @dev The start timestamp of dispatch interval `interval` (the trader's schedule); the block of an interval
    ///      is computed from it.
    function _strategyIntervalStart(uint64 interval) internal view virtual returns (uint256);

    // ------------------------------------------------------------------ owner / admin

    /// @inheritdoc IStrategyBook
    function createProfile(address strategist, uint16 durationMinutes, uint16 roundTripEfficiencyBps)
        external
        returns (uint32 profileId)
    {
        _checkStrategyOwner();
        if (durationMinutes == 0 || roundTripEfficiencyBps == 0 || roundTripEfficiencyBps > 10_000) {
            revert InvalidProfileKind();
        }
        StrategyBookStorage storage $ = _book();
        profileId = ++$.profileCount;
        ProfileStorage storage p = $.profiles[profileId];
        p.strategist = strategist;
        p.durationMinutes = durationMinutes;
        p.roundTripEfficiencyBps = roundTripEfficiencyBps;
        emit ProfileCreated(profileId, strategist, durationMinutes, roundTripEfficiencyBps);
    }

    /// @inheritdoc IStrategyBook
    function setStrategist(uint32 profileId, address strategist) external {
        _checkStrategyOwner();
        ProfileStorage storage p = _existingProfile(profileId);
        address previous = p.strategist;
        p.strategist = strategist;
        emit StrategistUpdated(profileId, previous, strategist);
    }

    /// @inheritdoc IStrategyBook
    function setBatteryProfile(uint256 batteryId, uint32 profileId) external {
        _checkBatteryProfileAuth(batteryId, profileId);
        if (profileId != 0) {
            ProfileStorage storage p = _existingProfile(profileId);
            _checkBatteryKind(batteryId, profileId, p.durationMinutes, p.roundTripEfficiencyBps);
        }
        uint32 previous = _storeBatteryProfile(batteryId, profileId);
        emit BatteryProfileSet(batteryId, previous, profileId);
    }

    // ------------------------------------------------------------------ strategist

    /// @inheritdoc IStrategyBook
    function publishTable(
        uint32 profileId,
        uint32 effectiveFrom,
        uint32 validUntil,
        uint64 unitWei,
        bytes32[48] calldata blocks
    ) external returns (uint8 buffer) {
        ProfileStorage storage p = _strategistProfile(profileId);
        if (unitWei == 0) revert ZeroUnitWei();
        uint64 now_ = _currentStrategyInterval();
        if (effectiveFrom < now_) revert EffectiveFromInPast(effectiveFrom, now_);
        if (validUntil < effectiveFrom) revert ValidUntilBeforeEffectiveFrom(validUntil, effectiveFrom);
        uint256 header = p.header;
        uint256 target = StrategyTable.publishTarget(header, now_);
        uint256 other = StrategyTable.metaOf(header, target ^ 1);
        if (StrategyTable.unitWeiOf(other) != 0 && StrategyTable.effectiveFromOf(other) == effectiveFrom) {
            revert EffectiveFromTaken(effectiveFrom);
        }
        bytes32[48] storage dst = p.blocks[target];
        for (uint256 i; i < StrategyTable.BLOCKS; ++i) {
            bytes32 word = blocks[i];
            if (!StrategyTable.isOrdered(word)) revert InvertedThresholds(i, StrategyTable.firstInvertedBand(word));
            dst[i] = word;
        }
        p.header = StrategyTable.withMeta(header, target, StrategyTable.encodeMeta(effectiveFrom, validUntil, unitWei));
        uint256 offset;
        assembly ("memory-safe") {
            offset := blocks
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        buffer = uint8(target);
        emit TablePublished(profileId, buffer, effectiveFrom, validUntil, unitWei, _hashCalldata(offset, 48));
    }

    /// @inheritdoc IStrategyBook
    function updateBlocks(uint32 profileId, uint8 firstBlock, bytes32[] calldata blocks, uint32 validUntil)
        external
        returns (uint8 buffer)
    {
        ProfileStorage storage p = _strategistProfile(profileId);
        uint256 count = blocks.length;
        if (firstBlock >= StrategyTable.BLOCKS || count > StrategyTable.BLOCKS) {
            revert BlockRangeInvalid(firstBlock, count);
        }
        uint256 active = _setActiveValidUntil(p, profileId, validUntil);
        bytes32[48] storage dst = p.blocks[active];
        uint256 blk = firstBlock;
        for (uint256 k; k < count; ++k) {
            bytes32 word = blocks[k];
            if (!StrategyTable.isOrdered(word)) revert InvertedThresholds(blk, StrategyTable.firstInvertedBand(word));
            dst[blk] = word;
            if (++blk == StrategyTable.BLOCKS) blk = 0;
        }
        uint256 offset;
        assembly ("memory-safe") {
            offset := blocks.offset
        }
        // Both casts are safe: active <= 1 and count <= 48.
        // forge-lint: disable-next-line(unsafe-typecast)
        buffer = uint8(active);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint8 count8 = uint8(count);
        emit BlocksUpdated(profileId, buffer, firstBlock, count8, validUntil, _hashCalldata(offset, count));
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IStrategyBook
    function profileCount() external view returns (uint32) {
        return _book().profileCount;
    }

    /// @inheritdoc IStrategyBook
    function profile(uint32 profileId) external view returns (Profile memory) {
        ProfileStorage storage p = _existingProfile(profileId);
        return Profile(p.strategist, p.durationMinutes, p.roundTripEfficiencyBps);
    }

    /// @inheritdoc IStrategyBook
    function tableBuffer(uint32 profileId, uint8 buffer) external view returns (TableBuffer memory) {
        if (buffer > 1) revert IndexOutOfRange();
        uint256 meta = StrategyTable.metaOf(_book().profiles[profileId].header, buffer);
        return TableBuffer(
            StrategyTable.effectiveFromOf(meta), StrategyTable.validUntilOf(meta), StrategyTable.unitWeiOf(meta)
        );
    }

    /// @inheritdoc IStrategyBook
    function tableBlock(uint32 profileId, uint8 buffer, uint8 blockIndex) external view returns (bytes32) {
        if (buffer > 1 || blockIndex >= StrategyTable.BLOCKS) revert IndexOutOfRange();
        return _book().profiles[profileId].blocks[buffer][blockIndex];
    }

    /// @inheritdoc IStrategyBook
    function activeBuffer(uint32 profileId, uint64 interval)
        external
        view
        returns (bool found, uint8 buffer, bool stale)
    {
        uint256 header = _book().profiles[profileId].header;
        uint256 active;
        (found, active) = StrategyTable.activeBuffer(header, interval);
        // forge-lint: disable-next-line(unsafe-typecast)
        buffer = uint8(active);
        stale = found && interval > StrategyTable.validUntilOf(StrategyTable.metaOf(header, active));
    }

    /// @inheritdoc IStrategyBook
    function thresholdsFor(uint32 profileId, uint64 interval, uint64 socWh, uint64 capacityWh)
        external
        view
        returns (int256 chargeBelow, int256 dischargeAbove, bool fromTable)
    {
        uint256 buffer;
        (chargeBelow, dischargeAbove, buffer) =
            _strategyThresholds(profileId, interval, _strategyIntervalStart(interval), socWh, capacityWh);
        fromTable = buffer != 0;
    }

    /// @inheritdoc IStrategyBook
    function batteryProfile(uint256 batteryId) external view returns (uint32) {
        return _batteryProfile(batteryId);
    }

    // ------------------------------------------------------------------ internals for the inheritor

    /// @notice The table thresholds for a dispatch: two storage reads (header, block word) when a table is active.
    /// @dev The hot path of a dispatch: the trader replaces the battery's static thresholds with these when
    ///      `fromBuffer != 0`, then runs EnergyMath.quote unchanged.
    /// @param profileId The battery's profile (0 = static: returns fromBuffer = 0 without reading storage).
    /// @param interval The dispatch interval (selects the buffer and staleness).
    /// @param intervalStart The interval's start timestamp (selects the block).
    /// @param socWh The state of charge, Wh.
    /// @param capacityWh The capacity, Wh.
    /// @return chargeBelow wei/MWh.
    /// @return dischargeAbove wei/MWh.
    /// @return fromBuffer 0 when there is no fresh active table (use static thresholds), else the buffer + 1.
    function _strategyThresholds(
        uint256 profileId,
        uint64 interval,
        uint256 intervalStart,
        uint64 socWh,
        uint64 capacityWh
    ) internal view returns (int256 chargeBelow, int256 dischargeAbove, uint256 fromBuffer) {
        // StrategyTable's rule in one pass (checked against it and the reference rule in the tests).
        assembly ("memory-safe") {
            if profileId {
                mstore(0x00, profileId)
                mstore(0x20, _PROFILES_SLOT)
                let base := keccak256(0x00, 0x40)
                let buffer
                let meta
                {
                    let m1 := sload(base)
                    let m0 := and(m1, 0xffffffffffffffffffffffffffffffff)
                    m1 := shr(128, m1)
                    // Candidate: non-empty (unitWei != 0, i.e. meta >= 2^64) and effectiveFrom <= interval.
                    let ok0 := and(gt(m0, 0xffffffffffffffff), iszero(lt(interval, and(m0, 0xffffffff))))
                    let ok1 := and(gt(m1, 0xffffffffffffffff), iszero(lt(interval, and(m1, 0xffffffff))))
                    buffer := and(ok1, or(iszero(ok0), gt(and(m1, 0xffffffff), and(m0, 0xffffffff))))
                    meta := m0
                    if buffer { meta := m1 }
                    if iszero(or(ok0, ok1)) { meta := 0 }
                }
                // Active and fresh: interval <= validUntil.
                if and(gt(meta, 0xffffffffffffffff), iszero(gt(interval, and(shr(32, meta), 0xffffffff)))) {
                    // blocks[buffer][block] sits at base + 2 + buffer * 48 + block (ProfileStorage layout).
                    let w :=
                        sload(
                            add(
                                add(base, 2),
                                add(mul(buffer, 48), div(mod(add(mod(intervalStart, 86400), 36000), 86400), 1800))
                            )
                        )
                    let band := 7
                    if lt(socWh, capacityWh) { band := div(shl(3, socWh), capacityWh) }
                    w := shr(shl(5, band), w)
                    meta := shr(64, meta)
                    chargeBelow := mul(signextend(1, w), meta)
                    dischargeAbove := mul(signextend(1, shr(16, w)), meta)
                    fromBuffer := add(buffer, 1)
                }
            }
        }
    }

    /// @notice A battery's profile id (here: one storage read shared by 8 consecutive battery ids).
    /// @dev Virtual so that the trader can keep the id in its packed battery state instead (override this and
    ///      `_storeBatteryProfile` together).
    /// @param batteryId The battery.
    /// @return The profile id, 0 = static thresholds.
    function _batteryProfile(uint256 batteryId) internal view virtual returns (uint32) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint32(_book().batteryProfiles[batteryId >> 3] >> ((batteryId & 7) << 5));
    }

    /// @notice Stores a battery's profile id (validated and authorised by the caller).
    /// @param batteryId The battery.
    /// @param profileId The profile id, 0 = static thresholds.
    /// @return previous The id it replaces.
    function _storeBatteryProfile(uint256 batteryId, uint32 profileId) internal virtual returns (uint32 previous) {
        mapping(uint256 => uint256) storage words = _book().batteryProfiles;
        uint256 shift = (batteryId & 7) << 5;
        uint256 word = words[batteryId >> 3];
        // forge-lint: disable-next-line(unsafe-typecast)
        previous = uint32(word >> shift);
        words[batteryId >> 3] = (word & ~(uint256(type(uint32).max) << shift)) | (uint256(profileId) << shift);
    }

    // ------------------------------------------------------------------ private

    function _book() private pure returns (StrategyBookStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }

    function _existingProfile(uint32 profileId) private view returns (ProfileStorage storage p) {
        StrategyBookStorage storage $ = _book();
        if (profileId == 0 || profileId > $.profileCount) revert UnknownProfile(profileId);
        p = $.profiles[profileId];
    }

    /// @dev Sets the active buffer's validUntil (no write when unchanged); returns the active buffer.
    function _setActiveValidUntil(ProfileStorage storage p, uint32 profileId, uint32 validUntil)
        private
        returns (uint256 active)
    {
        uint256 header = p.header;
        bool found;
        (found, active) = StrategyTable.activeBuffer(header, _currentStrategyInterval());
        if (!found) revert NoActiveTable(profileId);
        uint256 meta = StrategyTable.metaOf(header, active);
        uint32 effectiveFrom = StrategyTable.effectiveFromOf(meta);
        if (validUntil < effectiveFrom) revert ValidUntilBeforeEffectiveFrom(validUntil, effectiveFrom);
        if (validUntil != StrategyTable.validUntilOf(meta)) {
            p.header = StrategyTable.withMeta(
                header, active, StrategyTable.encodeMeta(effectiveFrom, validUntil, StrategyTable.unitWeiOf(meta))
            );
        }
    }

    /// @dev keccak256 of `words` 32-byte words of calldata at `offset` (abi.encodePacked of a bytes32 array).
    function _hashCalldata(uint256 offset, uint256 words) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            let len := shl(5, words)
            calldatacopy(m, offset, len)
            h := keccak256(m, len)
        }
    }

    /// @dev Strategist check without reading the profile count: an unknown profile has strategist 0.
    function _strategistProfile(uint32 profileId) private view returns (ProfileStorage storage p) {
        p = _book().profiles[profileId];
        if (msg.sender != p.strategist) revert NotStrategist(profileId, msg.sender);
    }
}
