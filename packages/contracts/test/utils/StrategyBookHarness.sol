// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Test values are cast from bounded inputs on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {StrategyBook} from "../../src/StrategyBook.sol";
import {EnergyMath} from "../../src/libraries/EnergyMath.sol";
import {IEnergyTrader} from "../../src/interfaces/IEnergyTrader.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";

/// @notice A trader stand-in inheriting the book: owner/admin hooks, an interval length, and the full decision path
///         (table thresholds -> EnergyMath.quote unchanged), plus a stateful batch dispatch for gas measurements.
contract StrategyBookHarness is StrategyBook {
    error NotOwner(address account);
    error NotAdmin(address account);

    /// @dev One battery's dispatch state, packed as a trader would: slot 0 the physical kind and the profile id
    ///      (post-merge layout), slot 1 the static thresholds, slot 2 the state of charge.
    struct Battery {
        uint64 capacityWh;
        uint64 maxChargeW;
        uint64 maxDischargeW;
        uint16 roundTripEfficiencyBps;
        uint32 profileId;
        int128 chargeBelowPrice;
        int128 dischargeAbovePrice;
        uint64 stateOfChargeWh;
    }

    /// @notice Where a batch reads each battery's profile id from.
    enum ProfileSource {
        None,
        PackedState,
        BookMapping
    }

    address public immutable OWNER;
    uint32 public intervalSeconds;
    mapping(address account => bool) public isAdmin;
    mapping(uint256 batteryId => Battery) public batteries;

    event Decided(uint256 indexed batteryId, IEnergyTrader.Action action, uint64 socAfter, bool fromTable);

    constructor(uint32 intervalSeconds_) {
        OWNER = msg.sender;
        intervalSeconds = intervalSeconds_;
    }

    function setAdmin(address account, bool allowed) external {
        _checkStrategyOwner();
        isAdmin[account] = allowed;
    }

    function setIntervalSeconds(uint32 seconds_) external {
        intervalSeconds = seconds_;
    }

    function setBattery(uint256 batteryId, Battery calldata b) external {
        batteries[batteryId] = b;
    }

    function currentInterval() external view returns (uint256) {
        return _currentStrategyInterval();
    }

    /// @notice The interval's start on this harness's never-changing schedule.
    function intervalStart(uint64 interval) external view returns (uint256) {
        return _strategyIntervalStart(interval);
    }

    /// @notice The full decision path of a dispatch at `interval` for a battery of `profileId`.
    function decide(uint32 profileId, IVirtualPowerPlant.DispatchState memory state, int256 price, uint64 interval)
        external
        view
        returns (
            IEnergyTrader.Action action,
            uint64 energyWh,
            uint64 storedDeltaWh,
            int256 value,
            uint64 socAfter,
            bool fromTable
        )
    {
        uint32 seconds_ = intervalSeconds;
        fromTable = _applyTable(profileId, state, interval, seconds_);
        (action, energyWh, storedDeltaWh, value, socAfter) = EnergyMath.quote(state, price, seconds_);
    }

    function _applyTable(
        uint32 profileId,
        IVirtualPowerPlant.DispatchState memory state,
        uint64 interval,
        uint32 seconds_
    ) internal view returns (bool fromTable) {
        (int256 lo, int256 hi, uint256 buffer) = _strategyThresholds(
            profileId, interval, uint256(interval) * seconds_, state.stateOfChargeWh, state.capacityWh
        );
        fromTable = buffer != 0;
        if (fromTable) {
            state.chargeBelowPrice = int128(lo);
            state.dischargeAbovePrice = int128(hi);
        }
    }

    /// @notice Dispatches `ids` at `price` in the current interval: read state, look up the table per `source`,
    ///         quote, write the state of charge (the storage pattern of the trader's loop, without settlement).
    function dispatchBatch(uint256[] calldata ids, int256 price, ProfileSource source) external {
        uint32 seconds_ = intervalSeconds;
        uint64 interval = uint64(block.timestamp / seconds_);
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            Battery storage b = batteries[id];
            IVirtualPowerPlant.DispatchState memory s = IVirtualPowerPlant.DispatchState({
                status: IVirtualPowerPlant.BatteryStatus.Active,
                capacityWh: b.capacityWh,
                maxChargeW: b.maxChargeW,
                maxDischargeW: b.maxDischargeW,
                roundTripEfficiencyBps: b.roundTripEfficiencyBps,
                chargeBelowPrice: b.chargeBelowPrice,
                dischargeAbovePrice: b.dischargeAbovePrice,
                stateOfChargeWh: b.stateOfChargeWh
            });
            bool fromTable;
            if (source != ProfileSource.None) {
                uint32 pid = source == ProfileSource.PackedState ? b.profileId : _batteryProfile(id);
                int256 lo;
                int256 hi;
                uint256 buffer;
                (lo, hi, buffer) =
                    _strategyThresholds(pid, interval, uint256(interval) * seconds_, s.stateOfChargeWh, s.capacityWh);
                fromTable = buffer != 0;
                if (fromTable) {
                    s.chargeBelowPrice = int128(lo);
                    s.dischargeAbovePrice = int128(hi);
                }
            }
            (IEnergyTrader.Action action,,,, uint64 socAfter) = EnergyMath.quote(s, price, seconds_);
            b.stateOfChargeWh = socAfter;
            emit Decided(id, action, socAfter, fromTable);
        }
    }

    function _checkStrategyOwner() internal view override {
        if (msg.sender != OWNER) revert NotOwner(msg.sender);
    }

    function _checkBatteryProfileAuth(uint256, uint32) internal view override {
        if (msg.sender != OWNER && !isAdmin[msg.sender]) revert NotAdmin(msg.sender);
    }

    function _currentStrategyInterval() internal view override returns (uint64) {
        return uint64(block.timestamp / intervalSeconds);
    }

    function _strategyIntervalStart(uint64 interval) internal view override returns (uint256) {
        return uint256(interval) * intervalSeconds;
    }
}
