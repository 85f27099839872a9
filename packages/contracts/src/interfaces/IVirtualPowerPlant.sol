// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IEnergyInvestmentFund} from "./IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "./IEnergyTrader.sol";

/// @title IVirtualPowerPlant
/// @notice The root of the protocol: owner, admins, emergency pause and the battery fleet.
/// @dev Units: energy in watt-hours (Wh), power in watts (W), efficiency in basis points (1e4 = 100 %),
///      prices in wei per MWh (signed: wholesale prices go negative).
interface IVirtualPowerPlant {
    /// @notice Lifecycle of a battery. `Inactive` batteries stay in the fleet but are never dispatched.
    enum BatteryStatus {
        None,
        Active,
        Inactive,
        Decommissioned
    }

    /// @notice A physical limit of a battery, which `updateBattery` may lower but never raise.
    enum BatteryLimit {
        CapacityWh,
        MaxChargeW,
        MaxDischargeW,
        RoundTripEfficiencyBps
    }

    /// @notice Everything an admin sets about a battery.
    /// @param capacityWh Usable energy capacity, Wh (> 0).
    /// @param maxChargeW Maximum charging power drawn from the grid, W.
    /// @param maxDischargeW Maximum discharging power delivered to the grid, W.
    /// @param roundTripEfficiencyBps Round-trip efficiency, 1..10_000 bps; the whole loss is applied on charging.
    /// @param chargeBelowPrice Charge when the price (wei/MWh) is at or below this.
    /// @param dischargeAbovePrice Discharge when the price (wei/MWh) is at or above this; must exceed chargeBelowPrice.
    /// @param active Whether the trader dispatches it.
    /// @param serial Manufacturer serial number.
    /// @param metadataURI Off-chain metadata (location, model, …).
    struct BatteryConfig {
        uint64 capacityWh;
        uint64 maxChargeW;
        uint64 maxDischargeW;
        uint16 roundTripEfficiencyBps;
        int128 chargeBelowPrice;
        int128 dischargeAbovePrice;
        bool active;
        bytes32 serial;
        string metadataURI;
    }

    /// @notice A battery of the fleet, packed in two slots (serial and metadataURI live in BatteryAdded /
    ///         BatteryUpdated only; stateOfChargeWh is read from the trader's packed dispatch state).
    struct Battery {
        uint64 capacityWh;
        uint64 maxChargeW;
        uint64 maxDischargeW;
        uint16 roundTripEfficiencyBps;
        BatteryStatus status;
        uint40 addedAt;
        int128 chargeBelowPrice;
        int128 dischargeAbovePrice;
    }

    /// @notice The compact, string-free view the trader reads on every dispatch.
    struct DispatchState {
        BatteryStatus status;
        uint64 capacityWh;
        uint64 maxChargeW;
        uint64 maxDischargeW;
        uint16 roundTripEfficiencyBps;
        int128 chargeBelowPrice;
        int128 dischargeAbovePrice;
        uint64 stateOfChargeWh;
    }

    // ------------------------------------------------------------------ events
    event AdminAdded(address indexed admin, address indexed by);
    event AdminRemoved(address indexed admin, address indexed by);
    event SystemPaused(address indexed by);
    event SystemUnpaused(address indexed by);
    /// @notice Emitted once, at deployment, with the addresses of the system's contracts.
    event SystemDeployed(
        address indexed fund, address indexed trader, address indexed priceOracle, address gridMarket, address owner
    );
    event BatteryAdded(uint256 indexed batteryId, bytes32 indexed serial, address indexed by, BatteryConfig config);
    event BatteryUpdated(uint256 indexed batteryId, address indexed by, BatteryConfig config);
    event BatteryDecommissioned(uint256 indexed batteryId, address indexed by, uint64 stateOfChargeWhAtDecommission);
    event OwnershipRenounceDisabled();

    // ------------------------------------------------------------------ errors
    error NotAdmin(address account);
    error NotFund(address account);
    /// @notice The fund given at deployment does not name this contract as its `vpp()`.
    error FundNotBound(address fund);
    error NotTrader(address account);
    error ZeroAddress();
    error AlreadyAdmin(address account);
    error NotAnAdmin(address account);
    error BatteryNotFound(uint256 batteryId);
    error BatteryIsDecommissioned(uint256 batteryId);
    error ZeroCapacity();
    error InvalidEfficiency(uint16 roundTripEfficiencyBps);
    /// @notice chargeBelowPrice >= dischargeAbovePrice, or either outside int112 (the stored width).
    error InvalidPriceThresholds(int128 chargeBelowPrice, int128 dischargeAbovePrice);
    error CapacityBelowStateOfCharge(uint64 capacityWh, uint64 stateOfChargeWh);
    error BatteryNotEmpty(uint256 batteryId, uint64 stateOfChargeWh);
    /// @notice updateBattery would raise `limit` from `current` to `requested` (only lowering is allowed: a raised
    ///         limit would let the fund pay for energy the battery cannot store or deliver).
    error BatteryLimitRaised(uint256 batteryId, BatteryLimit limit, uint256 current, uint256 requested);
    error RenounceDisabled();
    error SystemIsPaused();
    error SystemNotPaused();
    error IndexOutOfBounds(uint256 index, uint256 length);

    // ------------------------------------------------------------------ roles and pause
    /// @notice Adds an admin. Owner only.
    function addAdmin(address account) external;
    /// @notice Removes an admin. Owner only.
    function removeAdmin(address account) external;
    /// @notice True for admins and for the owner.
    function isAdmin(address account) external view returns (bool);
    /// @notice Admins, and admins removed less than the timelock delay ago: they can still veto (cancel) timelocked
    ///         proposals, so removing guardians never shortens a proposal's cancel window.
    function isGuardian(address account) external view returns (bool);
    function adminCount() external view returns (uint256);
    function adminAt(uint256 index) external view returns (address);
    function admins() external view returns (address[] memory);
    /// @notice Stops every state-changing path of the system except withdrawals of ether already owed.
    ///         Owner or admin.
    function pause() external;
    /// @notice Owner only.
    function unpause() external;
    function paused() external view returns (bool);

    // ------------------------------------------------------------------ system
    function fund() external view returns (IEnergyInvestmentFund);
    function trader() external view returns (IEnergyTrader);

    // ------------------------------------------------------------------ fleet
    /// @notice Adds a battery the protocol already owns (admins). Ids start at 1 and are never reused.
    function addBattery(BatteryConfig calldata config) external returns (uint256 batteryId);
    /// @notice Replaces a battery's configuration (admins). Physical limits (capacityWh, maxChargeW,
    ///         maxDischargeW, roundTripEfficiencyBps) may only be lowered (BatteryLimitRaised); thresholds, status
    ///         and metadata are free.
    function updateBattery(uint256 batteryId, BatteryConfig calldata config) external;
    /// @notice Removes an empty battery from the fleet for good, O(1) (admins); reverts BatteryNotEmpty while it
    ///         stores energy. The fund writes off its remaining book value (BatteryWrittenOff).
    function decommissionBattery(uint256 batteryId) external;
    /// @notice Registers a battery bought by the fund, in the purchase transaction (fund only).
    function registerPurchasedBattery(BatteryConfig calldata config, address by) external returns (uint256 batteryId);

    function battery(uint256 batteryId) external view returns (Battery memory);
    /// @notice Config and state of charge (read from the trader) of a battery, for off-chain quoting.
    function dispatchState(uint256 batteryId) external view returns (DispatchState memory);
    /// @notice The config part of the dispatch state (stateOfChargeWh = 0): what the trader reads per battery.
    function dispatchConfig(uint256 batteryId) external view returns (DispatchState memory);
    /// @notice Number of ids ever issued (the last id).
    function batteryCount() external view returns (uint256);
    /// @notice Number of batteries in the fleet (not decommissioned).
    function fleetSize() external view returns (uint256);
    /// @notice The `index`-th battery id (ascending) not decommissioned. O(id) view.
    function fleetBatteryAt(uint256 index) external view returns (uint256);
    /// @notice A page of the fleet in ascending id order (decommissioned ids skipped). O(id) view.
    function fleetBatteries(uint256 offset, uint256 limit) external view returns (uint256[] memory);
}
