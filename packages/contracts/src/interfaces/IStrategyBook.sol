// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/// @title IStrategyBook
/// @notice Strategy profiles and their water-value tables: per profile, 48 half-hour blocks (market time, UTC+10) x 8
///         state-of-charge bands of (chargeBelow, dischargeAbove) thresholds, double-buffered, with a staleness bound.
///         A battery using a profile has its static thresholds replaced by the table's; the trade amounts and
///         rounding (EnergyMath.quote) are unchanged. The exact rule is in StrategyTable.
/// @dev Roles: the owner creates profiles and sets each profile's strategist; the strategist (the operator's key)
///      only publishes tables and cannot move money; admins (or the owner) assign batteries to profiles.
///      Intervals are the trader's monotonic dispatch interval numbers (currentInterval(), unchanged by an
///      interval-length change), stored as uint32; the block of an interval comes from its start timestamp
///      (intervalStart(interval)).
interface IStrategyBook {
    /// @notice A profile: batteries of one kind share it.
    struct Profile {
        address strategist;
        uint16 durationMinutes;
        uint16 roundTripEfficiencyBps;
    }

    /// @notice One of a profile's two table buffers.
    struct TableBuffer {
        uint32 effectiveFrom;
        uint32 validUntil;
        uint64 unitWei;
    }

    /// @notice A profile was created (ids start at 1; 0 means "static thresholds").
    event ProfileCreated(
        uint32 indexed profileId, address indexed strategist, uint16 durationMinutes, uint16 roundTripEfficiencyBps
    );
    /// @notice A profile's strategist changed.
    event StrategistUpdated(uint32 indexed profileId, address indexed previousStrategist, address indexed strategist);
    /// @notice A full table was written to `buffer`; blocksHash = keccak256(abi.encodePacked(bytes32[48] blocks)).
    event TablePublished(
        uint32 indexed profileId,
        uint8 indexed buffer,
        uint32 indexed effectiveFrom,
        uint32 validUntil,
        uint64 unitWei,
        bytes32 blocksHash
    );
    /// @notice `count` blocks of the active `buffer` from `firstBlock` (wrapping past 47) were overwritten and its
    ///         validUntil set; blocksHash = keccak256(abi.encodePacked(bytes32[] blocks)).
    event BlocksUpdated(
        uint32 indexed profileId,
        uint8 indexed buffer,
        uint8 firstBlock,
        uint8 count,
        uint32 validUntil,
        bytes32 blocksHash
    );
    /// @notice A battery's profile changed (0 = static thresholds).
    event BatteryProfileSet(uint256 indexed batteryId, uint32 indexed previousProfileId, uint32 indexed profileId);

    /// @notice No profile with this id.
    error UnknownProfile(uint32 profileId);
    /// @notice The caller is not the profile's strategist.
    error NotStrategist(uint32 profileId, address account);
    /// @notice unitWei must be > 0.
    error ZeroUnitWei();
    /// @notice effectiveFrom is before the current interval.
    error EffectiveFromInPast(uint32 effectiveFrom, uint256 currentInterval);
    /// @notice effectiveFrom equals the other buffer's (the active buffer would be ambiguous).
    error EffectiveFromTaken(uint32 effectiveFrom);
    /// @notice validUntil is before the buffer's effectiveFrom.
    error ValidUntilBeforeEffectiveFrom(uint32 validUntil, uint32 effectiveFrom);
    /// @notice In block `blockIndex`, band `band` has chargeBelow > dischargeAbove.
    error InvertedThresholds(uint256 blockIndex, uint256 band);
    /// @notice firstBlock >= 48 or more than 48 blocks.
    error BlockRangeInvalid(uint256 firstBlock, uint256 count);
    /// @notice The profile has no active table to update.
    error NoActiveTable(uint32 profileId);
    /// @notice Buffer index >= 2 or block index >= 48.
    error IndexOutOfRange();
    /// @notice durationMinutes or roundTripEfficiencyBps is 0, or the efficiency is above 100 %.
    error InvalidProfileKind();
    /// @notice The battery does not exist or is decommissioned.
    error BatteryNotAssignable(uint256 batteryId);
    /// @notice The battery's kind differs from the profile's: duration = capacityWh * 60 / maxDischargeW (minutes,
    ///         floor) and round-trip efficiency must both equal the profile's.
    error ProfileKindMismatch(
        uint256 batteryId, uint32 profileId, uint256 batteryDurationMinutes, uint16 batteryEfficiencyBps
    );

    /// @notice Creates a profile (owner).
    /// @param strategist The account allowed to publish the profile's tables (may be 0: nobody yet).
    /// @param durationMinutes The batteries' storage duration at full power (capacity / max power), minutes.
    /// @param roundTripEfficiencyBps The batteries' round-trip efficiency, basis points (1..10_000).
    /// @return profileId The new profile's id (1, 2, ...).
    function createProfile(address strategist, uint16 durationMinutes, uint16 roundTripEfficiencyBps)
        external
        returns (uint32 profileId);

    /// @notice Sets a profile's strategist (owner).
    /// @param profileId The profile.
    /// @param strategist The new strategist (0 disables publishing).
    function setStrategist(uint32 profileId, address strategist) external;

    /// @notice Assigns a battery to a profile, or back to its static thresholds with 0 (admins/owner). In
    ///         EnergyTrader the battery must exist and not be decommissioned (BatteryNotAssignable) and, for a
    ///         profile != 0, be of the profile's kind (ProfileKindMismatch).
    /// @param batteryId The battery.
    /// @param profileId The profile, or 0.
    function setBatteryProfile(uint256 batteryId, uint32 profileId) external;

    /// @notice Writes a full table to the buffer that is not active now (strategist). The table becomes active at
    ///         `effectiveFrom` (atomically, by the read rule) and stays fresh until `validUntil` inclusive.
    ///         An unknown profile has no strategist: NotStrategist.
    /// @param profileId The profile.
    /// @param effectiveFrom First interval of the table; >= the current interval and != the other buffer's.
    /// @param validUntil Last fresh interval; >= effectiveFrom.
    /// @param unitWei wei/MWh per table step, > 0.
    /// @param blocks The 48 block words (StrategyTable encoding), chargeBelow <= dischargeAbove in every band.
    /// @return buffer The buffer written.
    function publishTable(
        uint32 profileId,
        uint32 effectiveFrom,
        uint32 validUntil,
        uint64 unitWei,
        bytes32[48] calldata blocks
    ) external returns (uint8 buffer);

    /// @notice Overwrites blocks of the active buffer (stale or not) and sets its validUntil (strategist).
    /// @param profileId The profile.
    /// @param firstBlock The first block written, 0..47; block k of `blocks` goes to (firstBlock + k) % 48.
    /// @param blocks Up to 48 block words (may be empty: only validUntil changes).
    /// @param validUntil The active buffer's new last fresh interval; >= its effectiveFrom.
    /// @return buffer The buffer written.
    function updateBlocks(uint32 profileId, uint8 firstBlock, bytes32[] calldata blocks, uint32 validUntil)
        external
        returns (uint8 buffer);

    /// @notice The number of profiles (the greatest id).
    /// @return The count.
    function profileCount() external view returns (uint32);

    /// @notice A profile's kind and strategist (reverts UnknownProfile).
    /// @param profileId The profile.
    /// @return The profile.
    function profile(uint32 profileId) external view returns (Profile memory);

    /// @notice A buffer's effectiveFrom, validUntil and unitWei (unitWei 0 = never written).
    /// @param profileId The profile.
    /// @param buffer 0 or 1.
    /// @return The buffer's meta.
    function tableBuffer(uint32 profileId, uint8 buffer) external view returns (TableBuffer memory);

    /// @notice One block word of a buffer.
    /// @param profileId The profile.
    /// @param buffer 0 or 1.
    /// @param blockIndex 0..47.
    /// @return The word.
    function tableBlock(uint32 profileId, uint8 buffer, uint8 blockIndex) external view returns (bytes32);

    /// @notice The buffer active at `interval` and whether it is stale there.
    /// @param profileId The profile.
    /// @param interval The interval.
    /// @return found Whether a buffer is active.
    /// @return buffer The active buffer (0 when none).
    /// @return stale Whether interval > its validUntil.
    function activeBuffer(uint32 profileId, uint64 interval)
        external
        view
        returns (bool found, uint8 buffer, bool stale);

    /// @notice The thresholds a battery of `profileId` uses at (interval, socWh, capacityWh).
    /// @param profileId The profile (0 or unknown: no table).
    /// @param interval The dispatch interval.
    /// @param socWh The state of charge, Wh.
    /// @param capacityWh The capacity, Wh.
    /// @return chargeBelow wei/MWh (0 when not fromTable).
    /// @return dischargeAbove wei/MWh (0 when not fromTable).
    /// @return fromTable False when there is no active or only a stale table: use the static thresholds.
    function thresholdsFor(uint32 profileId, uint64 interval, uint64 socWh, uint64 capacityWh)
        external
        view
        returns (int256 chargeBelow, int256 dischargeAbove, bool fromTable);

    /// @notice A battery's profile (0 = static thresholds).
    /// @param batteryId The battery.
    /// @return The profile id.
    function batteryProfile(uint256 batteryId) external view returns (uint32);
}
