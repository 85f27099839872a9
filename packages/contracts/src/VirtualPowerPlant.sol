// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {IVirtualPowerPlant} from "./interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "./interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "./interfaces/IEnergyTrader.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {EnergyTrader} from "./EnergyTrader.sol";

/// @title VirtualPowerPlant
/// @notice The root of the protocol: owner (two-step), admins, emergency pause and the battery fleet. Binds the
///         EnergyInvestmentFund deployed just before it (at this contract's predicted address) and deploys its
///         EnergyTrader at construction.
/// @dev Batteries are packed in two slots keyed by id (ids start at 1, never reused); serial and metadata live in
///      the events only. The Active subset (what automation scans) is an index list whose positions live in the
///      battery records (swap-and-pop, like an EnumerableSet); add and decommission are O(1). addBattery also
///      pre-initialises the trader's packed per-battery state (see EnergyTrader.initBatteryState). `renounceOwnership` is disabled: a renounced owner could never unpause.
contract VirtualPowerPlant is IVirtualPowerPlant, Ownable2Step {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice 100 % in basis points.
    uint16 internal constant MAX_EFFICIENCY_BPS = 10_000;

    IEnergyInvestmentFund private immutable _FUND;
    IEnergyTrader private immutable _TRADER;

    EnumerableSet.AddressSet private _admins;

    /// @dev The subset of the fleet with status Active (what automation scans).
    /// @dev A battery as stored: Battery with the thresholds narrowed to int112 (validated) so that the record's
    ///      second slot also holds the battery's place in the active list (index + 1, 0 = not active). This keeps
    ///      the active set to one zero -> non-zero store per addBattery (an EnumerableSet needs two and a length).
    struct BatteryRecord {
        uint64 capacityWh;
        uint64 maxChargeW;
        uint64 maxDischargeW;
        uint16 roundTripEfficiencyBps;
        BatteryStatus status;
        uint40 addedAt;
        int112 chargeBelowPrice;
        int112 dischargeAbovePrice;
        uint32 activeSlot;
    }

    /// @dev The Active batteries, indices [0, _activeCount); swap-and-pop on removal.
    mapping(uint256 index => uint256 batteryId) private _activeAt;
    mapping(uint256 batteryId => BatteryRecord) private _batteries;
    // One slot (read together by addBattery).
    uint64 private _batteryCount;
    uint64 private _fleetSize;
    uint64 private _activeCount;
    bool private _paused;
    /// @dev Removed admins keep the veto until then (removal time + timelock delay).
    mapping(address account => uint256 until) private _guardianUntil;

    /// @notice Completes the system's deployment: binds the fund and deploys the trader.
    /// @dev The fund is too large to be deployed from this constructor (EIP-3860 caps initcode at 49,152 bytes), so
    ///      the deployer creates it first with this contract's address predicted from its own nonce (CREATE), then
    ///      this contract at that address (script/Deploy.s.sol and `deploySystem` in ts/node.ts do both).
    ///      The fund's `vpp()` must be this contract, or the deployment reverts: a fund bound to another root, or a
    ///      root pointing at a foreign fund, cannot be assembled.
    /// @param initialOwner The owner (also an admin).
    /// @param fund_ The EnergyInvestmentFund deployed for this contract (its `vpp()` is this address).
    /// @param priceOracle The price feed the trader reads (AggregatorV3Interface).
    /// @param gridMarket The settlement counterparty (IGridMarket).
    /// @param params The trader's initial parameters (its swap timelock is the fund's `timelockDelay`).
    constructor(
        address initialOwner,
        IEnergyInvestmentFund fund_,
        address priceOracle,
        address gridMarket,
        IEnergyTrader.TradingParams memory params
    ) Ownable(initialOwner) {
        if (priceOracle == address(0) || gridMarket == address(0) || address(fund_) == address(0)) {
            revert ZeroAddress();
        }
        if (!_isBoundFund(fund_)) revert FundNotBound(address(fund_));
        EnergyTrader trader_ =
            new EnergyTrader(this, AggregatorV3Interface(priceOracle), gridMarket, params, fund_.timelockDelay());
        _FUND = fund_;
        _TRADER = trader_;
        emit SystemDeployed(address(fund_), address(trader_), priceOracle, gridMarket, initialOwner);
    }

    /// @dev Whether `fund_` is a contract whose `vpp()` answers this address (anything else, including a contract
    ///      without that function, is not).
    function _isBoundFund(IEnergyInvestmentFund fund_) private view returns (bool) {
        if (address(fund_).code.length == 0) return false;
        try fund_.vpp() returns (IVirtualPowerPlant bound) {
            return address(bound) == address(this);
        } catch {
            return false;
        }
    }

    // ------------------------------------------------------------------ modifiers

    modifier onlyAdmin() {
        _checkAdmin();
        _;
    }

    modifier whenNotPaused() {
        _checkNotPaused();
        _;
    }

    function _checkAdmin() internal view {
        if (!isAdmin(msg.sender)) revert NotAdmin(msg.sender);
    }

    function _checkNotPaused() internal view {
        if (_paused) revert SystemIsPaused();
    }

    // ------------------------------------------------------------------ roles and pause

    /// @notice Disabled (defect 8): the protocol always has an owner who can unpause.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    /// @inheritdoc IVirtualPowerPlant
    function addAdmin(address account) external onlyOwner {
        if (account == address(0)) revert ZeroAddress();
        if (!_admins.add(account)) revert AlreadyAdmin(account);
        emit AdminAdded(account, msg.sender);
    }

    /// @inheritdoc IVirtualPowerPlant
    function removeAdmin(address account) external onlyOwner {
        if (!_admins.remove(account)) revert NotAnAdmin(account);
        _guardianUntil[account] = block.timestamp + _FUND.timelockDelay();
        emit AdminRemoved(account, msg.sender);
    }

    /// @inheritdoc IVirtualPowerPlant
    function isAdmin(address account) public view returns (bool) {
        return account == owner() || _admins.contains(account);
    }

    /// @inheritdoc IVirtualPowerPlant
    function isGuardian(address account) external view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return isAdmin(account) || block.timestamp < _guardianUntil[account];
    }

    /// @notice Number of explicit admins (the owner is not counted).
    /// @return The number of admins.
    function adminCount() external view returns (uint256) {
        return _admins.length();
    }

    /// @notice The admin at `index` of the admin set (order changes on removal).
    /// @param index The index, < adminCount().
    /// @return The admin.
    function adminAt(uint256 index) external view returns (address) {
        uint256 length = _admins.length();
        if (index >= length) revert IndexOutOfBounds(index, length);
        return _admins.at(index);
    }

    /// @notice All explicit admins (the owner is not listed).
    /// @return The admins.
    function admins() external view returns (address[] memory) {
        return _admins.values();
    }

    /// @inheritdoc IVirtualPowerPlant
    function pause() external onlyAdmin {
        if (_paused) revert SystemIsPaused();
        _paused = true;
        emit SystemPaused(msg.sender);
    }

    /// @inheritdoc IVirtualPowerPlant
    function unpause() external onlyOwner {
        if (!_paused) revert SystemNotPaused();
        _paused = false;
        emit SystemUnpaused(msg.sender);
    }

    /// @notice Whether the system is paused.
    /// @return True while paused.
    function paused() external view returns (bool) {
        return _paused;
    }

    // ------------------------------------------------------------------ system

    /// @notice The investment fund deployed with the system.
    /// @return The fund.
    function fund() external view returns (IEnergyInvestmentFund) {
        return _FUND;
    }

    /// @notice The trader deployed with the system.
    /// @return The trader.
    function trader() external view returns (IEnergyTrader) {
        return _TRADER;
    }

    // ------------------------------------------------------------------ fleet

    /// @inheritdoc IVirtualPowerPlant
    function addBattery(BatteryConfig calldata config) external onlyAdmin whenNotPaused returns (uint256 batteryId) {
        batteryId = _addBattery(config, msg.sender);
    }

    /// @inheritdoc IVirtualPowerPlant
    function updateBattery(uint256 batteryId, BatteryConfig calldata config) external onlyAdmin whenNotPaused {
        BatteryRecord storage b = _liveBattery(batteryId);
        _validate(config);
        _checkNotRaised(batteryId, b, config);
        uint64 soc = _TRADER.batteryState(batteryId).stateOfChargeWh;
        if (config.capacityWh < soc) revert CapacityBelowStateOfCharge(config.capacityWh, soc);
        _store(b, config);
        _setStatus(batteryId, b, config.active);
        emit BatteryUpdated(batteryId, msg.sender, config);
    }

    /// @inheritdoc IVirtualPowerPlant
    function decommissionBattery(uint256 batteryId) external onlyAdmin whenNotPaused {
        BatteryRecord storage b = _liveBattery(batteryId);
        uint64 soc = _TRADER.batteryState(batteryId).stateOfChargeWh;
        if (soc != 0) revert BatteryNotEmpty(batteryId, soc);
        b.status = BatteryStatus.Decommissioned;
        --_fleetSize;
        _removeActive(b);
        emit BatteryDecommissioned(batteryId, msg.sender, 0);
        _FUND.writeOffBattery(batteryId);
    }

    /// @inheritdoc IVirtualPowerPlant
    function registerPurchasedBattery(BatteryConfig calldata config, address by)
        external
        whenNotPaused
        returns (uint256 batteryId)
    {
        if (msg.sender != address(_FUND)) revert NotFund(msg.sender);
        batteryId = _addBattery(config, by);
    }

    /// @notice A battery (any id ever issued, decommissioned included).
    /// @param batteryId The id.
    /// @return The battery. Reverts BatteryNotFound for ids never issued.
    function battery(uint256 batteryId) external view returns (Battery memory) {
        BatteryRecord storage b = _batteries[batteryId];
        if (b.status == BatteryStatus.None) revert BatteryNotFound(batteryId);
        return Battery({
            capacityWh: b.capacityWh,
            maxChargeW: b.maxChargeW,
            maxDischargeW: b.maxDischargeW,
            roundTripEfficiencyBps: b.roundTripEfficiencyBps,
            status: b.status,
            addedAt: b.addedAt,
            chargeBelowPrice: b.chargeBelowPrice,
            dischargeAbovePrice: b.dischargeAbovePrice
        });
    }

    /// @inheritdoc IVirtualPowerPlant
    function dispatchConfig(uint256 batteryId) public view returns (DispatchState memory s) {
        BatteryRecord storage b = _batteries[batteryId];
        s.status = b.status;
        s.capacityWh = b.capacityWh;
        s.maxChargeW = b.maxChargeW;
        s.maxDischargeW = b.maxDischargeW;
        s.roundTripEfficiencyBps = b.roundTripEfficiencyBps;
        s.chargeBelowPrice = b.chargeBelowPrice;
        s.dischargeAbovePrice = b.dischargeAbovePrice;
    }

    /// @inheritdoc IVirtualPowerPlant
    function dispatchState(uint256 batteryId) external view returns (DispatchState memory s) {
        s = dispatchConfig(batteryId);
        s.stateOfChargeWh = _TRADER.batteryState(batteryId).stateOfChargeWh;
    }

    /// @inheritdoc IVirtualPowerPlant
    function batteryCount() external view returns (uint256) {
        return _batteryCount;
    }

    /// @inheritdoc IVirtualPowerPlant
    function fleetSize() external view returns (uint256) {
        return _fleetSize;
    }

    /// @inheritdoc IVirtualPowerPlant
    function fleetBatteryAt(uint256 index) external view returns (uint256) {
        uint256[] memory ids = _fleetPage(index, 1);
        if (ids.length == 0) revert IndexOutOfBounds(index, _fleetSize);
        return ids[0];
    }

    /// @inheritdoc IVirtualPowerPlant
    function fleetBatteries(uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        return _fleetPage(offset, limit);
    }

    function _fleetPage(uint256 offset, uint256 limit) internal view returns (uint256[] memory ids) {
        uint256 size = _fleetSize;
        if (offset >= size) return new uint256[](0);
        uint256 n = size - offset < limit ? size - offset : limit;
        ids = new uint256[](n);
        uint256 seen;
        uint256 found;
        uint256 count = _batteryCount;
        for (uint256 id = 1; id <= count && found < n; ++id) {
            if (_batteries[id].status == BatteryStatus.Decommissioned) continue;
            if (seen++ >= offset) ids[found++] = id;
        }
    }

    /// @notice Number of Active batteries (added view, not in IVirtualPowerPlant).
    /// @return The size of the active subset of the fleet.
    function activeFleetSize() external view returns (uint256) {
        return _activeCount;
    }

    /// @notice A page of the Active batteries' ids (added view; order changes when a battery leaves the set).
    /// @param offset The first index.
    /// @param limit The maximum number of ids.
    /// @return ids The page.
    function activeFleetBatteries(uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        uint256 length = _activeCount;
        if (offset >= length) return new uint256[](0);
        uint256 end = length - offset > limit ? offset + limit : length;
        ids = new uint256[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            ids[i - offset] = _activeAt[i];
        }
    }

    // ------------------------------------------------------------------ internals

    function _addBattery(BatteryConfig calldata config, address by) internal returns (uint256 batteryId) {
        _validate(config);
        batteryId = ++_batteryCount;
        ++_fleetSize;
        BatteryRecord storage b = _batteries[batteryId];
        b.addedAt = uint40(block.timestamp);
        _store(b, config);
        _setStatus(batteryId, b, config.active);
        // Pre-warms the trader's packed state slot (first dispatch then writes non-zero -> non-zero).
        _TRADER.initBatteryState(batteryId);
        emit BatteryAdded(batteryId, config.serial, by, config);
    }

    function _store(BatteryRecord storage b, BatteryConfig calldata c) internal {
        b.capacityWh = c.capacityWh;
        b.maxChargeW = c.maxChargeW;
        b.maxDischargeW = c.maxDischargeW;
        b.roundTripEfficiencyBps = c.roundTripEfficiencyBps;
        // Both fit int112 (checked by _validate).
        // forge-lint: disable-next-line(unsafe-typecast)
        b.chargeBelowPrice = int112(c.chargeBelowPrice);
        // forge-lint: disable-next-line(unsafe-typecast)
        b.dischargeAbovePrice = int112(c.dischargeAbovePrice);
    }

    function _setStatus(uint256 batteryId, BatteryRecord storage b, bool active) internal {
        if (active) {
            b.status = BatteryStatus.Active;
            if (b.activeSlot == 0) {
                uint64 index = _activeCount++;
                _activeAt[index] = batteryId;
                // forge-lint: disable-next-line(unsafe-typecast)
                b.activeSlot = uint32(index + 1);
            }
        } else {
            b.status = BatteryStatus.Inactive;
            _removeActive(b);
        }
    }

    /// @dev Swap-and-pop: the last active battery takes the removed one's index.
    function _removeActive(BatteryRecord storage b) internal {
        uint256 slot = b.activeSlot;
        if (slot == 0) return;
        uint256 last = --_activeCount;
        if (slot - 1 != last) {
            uint256 moved = _activeAt[last];
            _activeAt[slot - 1] = moved;
            // forge-lint: disable-next-line(unsafe-typecast)
            _batteries[moved].activeSlot = uint32(slot);
        }
        delete _activeAt[last];
        b.activeSlot = 0;
    }

    /// @dev Physical limits only go down: raising one would let the fund pay the market for energy the battery
    ///      cannot store (charge) or deliver (discharge) while NAV keeps it at cost. New limits need a new battery.
    function _checkNotRaised(uint256 batteryId, BatteryRecord storage b, BatteryConfig calldata c) internal view {
        if (c.capacityWh > b.capacityWh) {
            revert BatteryLimitRaised(batteryId, BatteryLimit.CapacityWh, b.capacityWh, c.capacityWh);
        }
        if (c.maxChargeW > b.maxChargeW) {
            revert BatteryLimitRaised(batteryId, BatteryLimit.MaxChargeW, b.maxChargeW, c.maxChargeW);
        }
        if (c.maxDischargeW > b.maxDischargeW) {
            revert BatteryLimitRaised(batteryId, BatteryLimit.MaxDischargeW, b.maxDischargeW, c.maxDischargeW);
        }
        if (c.roundTripEfficiencyBps > b.roundTripEfficiencyBps) {
            revert BatteryLimitRaised(
                batteryId, BatteryLimit.RoundTripEfficiencyBps, b.roundTripEfficiencyBps, c.roundTripEfficiencyBps
            );
        }
    }

    function _liveBattery(uint256 batteryId) internal view returns (BatteryRecord storage b) {
        b = _batteries[batteryId];
        BatteryStatus status = b.status;
        if (status == BatteryStatus.None) revert BatteryNotFound(batteryId);
        if (status == BatteryStatus.Decommissioned) revert BatteryIsDecommissioned(batteryId);
    }

    function _validate(BatteryConfig calldata config) internal pure {
        if (config.capacityWh == 0) revert ZeroCapacity();
        uint16 eff = config.roundTripEfficiencyBps;
        if (eff == 0 || eff > MAX_EFFICIENCY_BPS) revert InvalidEfficiency(eff);
        // chargeBelow < dischargeAbove, both within int112 (the stored width).
        if (
            config.chargeBelowPrice >= config.dischargeAbovePrice || config.chargeBelowPrice < type(int112).min
                || config.dischargeAbovePrice > type(int112).max
        ) {
            revert InvalidPriceThresholds(config.chargeBelowPrice, config.dischargeAbovePrice);
        }
    }
}
