// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IVirtualPowerPlant} from "./IVirtualPowerPlant.sol";
import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IEnergyTrader
/// @notice Reads the real-time price and, per battery and dispatch interval, charges, discharges or idles.
/// @dev Decision rule (integer maths, reproducible off-chain, see `quote`):
///      interval: monotonic numbering; a length change applies from the next boundary (see EnergyTrader).
///      price <= chargeBelowPrice  -> Charge:    gridWh = min(maxChargeW * intervalSeconds / 3600,
///                                                           ceil((capacityWh - socWh) * 10_000 / efficiencyBps)),
///                                               storedWh = gridWh * efficiencyBps / 10_000 (floor),
///                                               value = -(gridWh * price) / 1e6  (fund pays; rounded so the fund
///                                               never gets more than exact: receipts floor, payments ceil).
///      price >= dischargeAbovePrice -> Discharge: gridWh = min(maxDischargeW * intervalSeconds / 3600, socWh),
///                                               value = +(gridWh * price) / 1e6 (same rounding rule).
///      otherwise Idle. Energy is Wh, price wei/MWh, value wei. A negative price inverts both cash flows.
///      A trade the fund (charge cost) or market (discharge revenue) cannot pay is skipped with a reason.
interface IEnergyTrader {
    enum Action {
        Idle,
        Charge,
        Discharge
    }

    enum SkipReason {
        None,
        InsufficientFundBalance,
        InsufficientMarketBalance,
        AlreadyDispatched,
        NotActive,
        SettlementFailed
    }

    /// @notice Where a decision's thresholds came from: the battery's static pair (no profile), the profile's
    ///         table buffer 0 or 1, or the static pair because the profile had no fresh table (none active yet, or
    ///         stale).
    enum ThresholdSource {
        Static,
        TableBuffer0,
        TableBuffer1,
        StaticFallback
    }

    /// @notice Packed per-battery dispatch state (one slot): state of charge, last interval + 1, strategy profile
    ///         (0 = static thresholds; StrategyBook) and the stored energy's cost (average-cost
    ///         inventory, wei, negative when bought at negative prices).
    struct BatteryState {
        uint64 stateOfChargeWh;
        uint48 intervalPlusOne;
        uint32 profileId;
        int112 inventoryCost;
    }

    struct TradingParams {
        uint32 intervalSeconds;
        uint32 maxPriceAge;
        int128 minValidPrice;
        int128 maxValidPrice;
        uint16 maxBatchSize;
    }

    /// @notice One decision for one battery in one interval (Idle included), with the state of charge after it and
    ///         the source of the thresholds used.
    event Trade(
        uint256 indexed batteryId,
        uint64 indexed interval,
        Action indexed action,
        uint64 energyWh,
        uint64 storedDeltaWh,
        int256 price,
        int256 value,
        uint64 stateOfChargeWh,
        uint80 roundId,
        ThresholdSource thresholds
    );
    event DispatchSkipped(uint256 indexed batteryId, uint64 indexed interval, SkipReason indexed reason, int256 value);
    event TradingParamsUpdated(
        address indexed by,
        uint32 intervalSeconds,
        uint32 maxPriceAge,
        int128 minValidPrice,
        int128 maxValidPrice,
        uint16 maxBatchSize
    );
    event PriceOracleProposed(address indexed oracle, uint256 eta, address indexed by);
    event GridMarketProposed(address indexed market, uint256 eta, address indexed by);
    event PendingChangeCanceled(bool indexed oracle, address indexed by);
    /// @notice The interval length changes to `intervalSeconds` at `effectiveAt` (a boundary), where interval
    ///         `firstInterval` starts; numbering stays monotonic.
    event IntervalScheduleChanged(uint32 intervalSeconds, uint64 effectiveAt, uint64 firstInterval);
    event PriceOracleUpdated(address indexed previousOracle, address indexed newOracle, address indexed by);
    event GridMarketUpdated(address indexed previousMarket, address indexed newMarket, address indexed by);

    error NotAdmin(address account);
    error NotOwner(address account);
    error ZeroAddress();
    error SystemIsPaused();
    error InvalidTradingParams();
    error StalePrice(uint256 updatedAt, uint256 nowTimestamp, uint256 maxPriceAge);
    error PriceOutOfBounds(int256 price, int128 minValidPrice, int128 maxValidPrice);
    error InvalidRound(uint80 roundId);
    error PriceNotForInterval(uint256 updatedAt, uint256 intervalStart);
    error InvalidOracleDecimals(uint8 decimals);
    error NoPendingChange();
    error TimelockNotElapsed(uint256 eta);
    error BatchTooLarge(uint256 size, uint256 maxBatchSize);
    error EmptyBatch();
    error UpkeepNotNeeded();
    /// @notice A dispatch was attempted while a fund call is executing (e.g. from a fund's ether callback): it would
    ///         fail to settle and use up the interval for every battery in the batch.
    error FundBusy();
    error NotVpp(address account);

    function vpp() external view returns (IVirtualPowerPlant);
    function priceOracle() external view returns (AggregatorV3Interface);
    function gridMarket() external view returns (address);
    function tradingParams() external view returns (TradingParams memory);

    /// @notice Admins.
    function setTradingParams(TradingParams calldata params) external;
    /// @notice Owner: proposes a new feed (18 decimals), executable after the timelock.
    function proposePriceOracle(address oracle) external;
    /// @notice Owner: proposes a new market, executable after the timelock.
    function proposeGridMarket(address market) external;
    /// @notice Owner: applies the pending feed after its eta.
    function executePriceOracle() external;
    /// @notice Owner: applies the pending market after its eta.
    function executeGridMarket() external;
    /// @notice Guardians (owner, admins, and admins removed less than the timelock delay ago; VPP.isGuardian): drops
    ///         the pending feed (`oracle` true) or market change.
    function cancelPendingChange(bool oracle) external;
    function batteryState(uint256 batteryId) external view returns (BatteryState memory);
    /// @notice VPP only, at addBattery: makes the battery's packed state slot non-zero (intervalPlusOne = 1, i.e.
    ///         "interval 0", which is never a live interval) so that its first dispatch rewrites a warm non-zero
    ///         slot instead of paying the zero -> non-zero store.
    function initBatteryState(uint256 batteryId) external;
    function intervalStart(uint64 interval) external view returns (uint256);

    function currentInterval() external view returns (uint64);
    function lastDispatchedInterval(uint256 batteryId) external view returns (uint64);
    /// @notice The validated latest price: (roundId, price wei/MWh, updatedAt). Reverts if stale or out of bounds.
    function latestPrice() external view returns (uint80 roundId, int256 price, uint256 updatedAt);

    /// @notice What a dispatch now would decide for each battery, without dispatching: (Idle, 0) for a battery that is
    ///         not Active or was dispatched this interval. A keeper uses it to send no transaction when nothing would
    ///         move (an Idle decision, or a charge into a full battery), which saves a no-op dispatch's gas.
    /// @param batteryIds The batteries.
    /// @return actions The decided actions.
    /// @return energyWh The grid energy each would move, Wh.
    function previewDispatch(uint256[] calldata batteryIds)
        external
        view
        returns (Action[] memory actions, uint64[] memory energyWh);

    /// @notice The pure decision rule (see the contract's NatSpec).
    function quote(IVirtualPowerPlant.DispatchState memory state, int256 price, uint32 intervalSeconds)
        external
        pure
        returns (Action action, uint64 energyWh, uint64 storedDeltaWh, int256 value, uint64 stateOfChargeAfterWh);

    /// @notice Dispatches the given batteries for the current interval. Permissionless: the outcome is fully
    ///         determined by the oracle price and the fleet state. Batteries already dispatched or not active are
    ///         skipped (DispatchSkipped), never reverting the batch.
    function dispatch(uint256[] calldata batteryIds) external;

    /// @notice Chainlink Automation: the next batch (≤ maxBatchSize) of active batteries not yet dispatched
    ///         this interval, as performData = abi.encode(uint64 interval, uint256[] batteryIds).
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData);
    /// @notice Chainlink Automation: re-validates and dispatches performData's batch, skipping batteries already
    ///         dispatched; reverts UpkeepNotNeeded if nothing was left to do.
    function performUpkeep(bytes calldata performData) external;
}
