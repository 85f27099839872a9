// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEnergyTrader} from "./interfaces/IEnergyTrader.sol";
import {StrategyBook} from "./StrategyBook.sol";
import {IVirtualPowerPlant} from "./interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "./interfaces/IEnergyInvestmentFund.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {EnergyMath} from "./libraries/EnergyMath.sol";

/// @notice Views the VirtualPowerPlant adds on top of IVirtualPowerPlant: the set of Active batteries.
interface IActiveFleet {
    /// @notice Number of Active batteries.
    function activeFleetSize() external view returns (uint256);
    /// @notice A page of the Active batteries' ids.
    function activeFleetBatteries(uint256 offset, uint256 limit) external view returns (uint256[] memory);
}

/// @title EnergyTrader
/// @notice Reads the real-time price and, per battery and dispatch interval, charges, discharges or idles; settles
///         each trade's cash flow between the fund and the grid market and records the new state of charge.
/// @dev Decision rule: see IEnergyTrader and EnergyMath. Intervals are numbered monotonically: a change of
///      intervalSeconds takes effect at the next boundary of the current schedule and numbering continues from
///      there (no battery can be dispatched twice in one interval). A dispatch needs a price round published in the
///      current interval (updatedAt >= intervalStart). Per battery and interval at most one decision (Idle
///      included); batteries already dispatched or not active are skipped; a trade the fund or the market cannot
///      pay is skipped with a reason and the interval counts as done. A batch is settled with the market once, net;
///      if that settlement reverts, every trading battery of the batch is skipped (SettlementFailed) and keeps its
///      state, and the interval counts as done (checkUpkeep does not propose it again until the next interval).
///      Stored energy is kept at average cost per battery (inventoryCost); a discharge realises
///      revenue − cost removed, cost removed = inventoryCost·removed/soc rounded towards +inf (NAV never overstated).
///      Thresholds: a battery with a profile (profileId in its packed state) uses the StrategyBook table of the
///      dispatch interval (block from intervalStart(interval), band from its state of charge) while the profile
///      has a fresh active table, else its static (chargeBelow, dischargeAbove); Trade says which (ThresholdSource).
///      Book intervals (effectiveFrom, validUntil) are this contract's monotonic interval numbers.
///      Automation (bounded work): `checkUpkeep` scans the VPP's set of Active batteries (inactive and
///      decommissioned ones are not in it) from a cursor kept per interval, wrapping around, at most
///      max(4 * maxBatchSize, UPKEEP_MIN_SCAN) entries, and returns up to maxBatchSize ids not yet dispatched.
///      `performUpkeep` then moves the cursor past the entries already dispatched (at most 4 * maxBatchSize, one
///      paged read). Batteries moved below the cursor by a swap-and-pop of the set in the middle of an interval are
///      found by the wrap-around scan; active sets larger than the window are served window by window. A single
///      upkeep (empty checkData) cannot see past its window once a whole window was dispatched by hand; large
///      fleets register one upkeep per window with checkData = abi.encode(uint256 offset) (see checkUpkeep).
contract EnergyTrader is IEnergyTrader, StrategyBook {
    using SafeCast for int256;
    using SafeCast for uint256;

    /// @notice Minimum number of fleet entries `checkUpkeep` (a view, simulated off-chain) may scan.
    uint256 public constant UPKEEP_MIN_SCAN = 1024;
    /// @notice Factor of maxBatchSize bounding the fleet entries scanned.
    uint256 internal constant SCAN_FACTOR = 4;
    /// @notice Decimals the price feed must report (wei per MWh).
    uint8 public constant PRICE_DECIMALS = 18;

    struct Schedule {
        uint32 len;
        uint64 base;
        uint64 start;
        uint32 nextLen;
        uint64 nextStart;
    }

    struct Pending {
        address target;
        uint64 eta;
    }

    struct Result {
        uint256 id;
        Action action;
        SkipReason skip;
        uint64 energyWh;
        uint64 storedDeltaWh;
        int256 value;
        BatteryState state;
        BatteryState before;
        ThresholdSource source;
    }

    IVirtualPowerPlant private immutable _VPP;
    uint256 private immutable _TIMELOCK_DELAY;

    AggregatorV3Interface private _priceOracle;
    address private _gridMarket;
    TradingParams private _params;
    Schedule private _schedule;
    Pending private _pendingOracle;
    Pending private _pendingMarket;

    mapping(uint256 batteryId => BatteryState) private _states;
    uint64 private _cursorInterval;
    uint256 private _cursor;

    /// @param vpp_ The root contract.
    /// @param oracle The price feed (18 decimals).
    /// @param market The grid market settling trades.
    /// @param params The trading parameters.
    /// @param delay Delay of oracle and market swaps, seconds.
    constructor(
        IVirtualPowerPlant vpp_,
        AggregatorV3Interface oracle,
        address market,
        TradingParams memory params,
        uint256 delay
    ) {
        if (address(vpp_) == address(0) || address(oracle) == address(0) || market == address(0)) {
            revert ZeroAddress();
        }
        _validateParams(params);
        _checkDecimals(address(oracle));
        _VPP = vpp_;
        _TIMELOCK_DELAY = delay;
        _priceOracle = oracle;
        _gridMarket = market;
        _params = params;
        _schedule = Schedule({len: params.intervalSeconds, base: 0, start: 0, nextLen: 0, nextStart: 0});
        emit PriceOracleUpdated(address(0), address(oracle), msg.sender);
        emit GridMarketUpdated(address(0), market, msg.sender);
        emit TradingParamsUpdated(
            msg.sender,
            params.intervalSeconds,
            params.maxPriceAge,
            params.minValidPrice,
            params.maxValidPrice,
            params.maxBatchSize
        );
    }

    // ------------------------------------------------------------------ configuration

    /// @inheritdoc IEnergyTrader
    function vpp() external view returns (IVirtualPowerPlant) {
        return _VPP;
    }

    /// @inheritdoc IEnergyTrader
    function priceOracle() external view returns (AggregatorV3Interface) {
        return _priceOracle;
    }

    /// @inheritdoc IEnergyTrader
    function gridMarket() external view returns (address) {
        return _gridMarket;
    }

    /// @inheritdoc IEnergyTrader
    /// @dev intervalSeconds is the length in force now.
    function tradingParams() external view returns (TradingParams memory p) {
        p = _params;
        p.intervalSeconds = _current().len;
    }

    /// @notice Delay of oracle and market swaps, seconds.
    /// @return The delay.
    function timelockDelay() external view returns (uint256) {
        return _TIMELOCK_DELAY;
    }

    /// @notice The pending oracle and market changes (zero when none).
    /// @return oracle The proposed feed and its eta.
    /// @return market The proposed market and its eta.
    function pendingChanges() external view returns (Pending memory oracle, Pending memory market) {
        return (_pendingOracle, _pendingMarket);
    }

    /// @inheritdoc IEnergyTrader
    /// @dev Admins; allowed while paused. A new interval length takes effect at the next boundary.
    function setTradingParams(TradingParams calldata params) external {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
        _validateParams(params);
        Schedule memory s = _current();
        if (params.intervalSeconds != s.len || s.nextLen != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            uint64 k = uint64((block.timestamp - s.start) / s.len) + 1;
            uint64 boundary = s.start + k * s.len;
            if (params.intervalSeconds == s.len) {
                s.nextLen = 0;
                s.nextStart = 0;
            } else {
                s.nextLen = params.intervalSeconds;
                s.nextStart = boundary;
                emit IntervalScheduleChanged(params.intervalSeconds, boundary, s.base + k);
            }
        }
        _schedule = s;
        _params = params;
        emit TradingParamsUpdated(
            msg.sender,
            params.intervalSeconds,
            params.maxPriceAge,
            params.minValidPrice,
            params.maxValidPrice,
            params.maxBatchSize
        );
    }

    /// @inheritdoc IEnergyTrader
    function proposePriceOracle(address oracle) external {
        _checkOwner();
        if (oracle == address(0)) revert ZeroAddress();
        _checkDecimals(oracle);
        uint64 eta = uint64(block.timestamp + _TIMELOCK_DELAY);
        _pendingOracle = Pending(oracle, eta);
        emit PriceOracleProposed(oracle, eta, msg.sender);
    }

    /// @inheritdoc IEnergyTrader
    function proposeGridMarket(address market) external {
        _checkOwner();
        if (market == address(0)) revert ZeroAddress();
        uint64 eta = uint64(block.timestamp + _TIMELOCK_DELAY);
        _pendingMarket = Pending(market, eta);
        emit GridMarketProposed(market, eta, msg.sender);
    }

    /// @inheritdoc IEnergyTrader
    function executePriceOracle() external {
        _checkOwner();
        Pending memory p = _takePending(_pendingOracle);
        delete _pendingOracle;
        _checkDecimals(p.target);
        emit PriceOracleUpdated(address(_priceOracle), p.target, msg.sender);
        _priceOracle = AggregatorV3Interface(p.target);
    }

    /// @inheritdoc IEnergyTrader
    function executeGridMarket() external {
        _checkOwner();
        Pending memory p = _takePending(_pendingMarket);
        delete _pendingMarket;
        emit GridMarketUpdated(_gridMarket, p.target, msg.sender);
        _gridMarket = p.target;
    }

    /// @inheritdoc IEnergyTrader
    /// @dev Guardians (admins, and admins removed less than the delay ago), like the fund's cancels: removing an
    ///      admin cannot strip its veto on a swap proposed before the removal.
    function cancelPendingChange(bool oracle) external {
        if (!_VPP.isGuardian(msg.sender)) revert NotAdmin(msg.sender);
        Pending storage p = oracle ? _pendingOracle : _pendingMarket;
        if (p.target == address(0)) revert NoPendingChange();
        delete p.target;
        delete p.eta;
        emit PendingChangeCanceled(oracle, msg.sender);
    }

    function _takePending(Pending memory p) internal view returns (Pending memory) {
        if (p.target == address(0)) revert NoPendingChange();
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < p.eta) revert TimelockNotElapsed(p.eta);
        return p;
    }

    function _checkDecimals(address oracle) internal view {
        uint8 d;
        try AggregatorV3Interface(oracle).decimals() returns (uint8 dd) {
            d = dd;
        } catch {
            revert InvalidOracleDecimals(0);
        }
        if (d != PRICE_DECIMALS) revert InvalidOracleDecimals(d);
    }

    // ------------------------------------------------------------------ views

    /// @dev The schedule in force now (a pending length change past its boundary applied).
    function _current() internal view returns (Schedule memory s) {
        s = _schedule;
        // forge-lint: disable-next-line(block-timestamp)
        if (s.nextLen != 0 && block.timestamp >= s.nextStart) {
            s.base += (s.nextStart - s.start) / s.len;
            s.start = s.nextStart;
            s.len = s.nextLen;
            s.nextLen = 0;
            s.nextStart = 0;
        }
    }

    /// @inheritdoc IEnergyTrader
    function currentInterval() public view returns (uint64) {
        Schedule memory s = _current();
        // forge-lint: disable-next-line(unsafe-typecast)
        return s.base + uint64((block.timestamp - s.start) / s.len);
    }

    /// @inheritdoc IEnergyTrader
    /// @dev For intervals of the schedule in force now and later ones (a pending length change included); reverts
    ///      for intervals before the current schedule's first.
    function intervalStart(uint64 interval) public view returns (uint256) {
        return _startOf(_current(), interval);
    }

    function _startOf(Schedule memory s, uint64 interval) internal pure returns (uint256) {
        if (s.nextLen != 0) {
            uint64 first = s.base + (s.nextStart - s.start) / s.len;
            if (interval >= first) return uint256(s.nextStart) + uint256(interval - first) * s.nextLen;
        }
        return uint256(s.start) + uint256(interval - s.base) * s.len;
    }

    /// @inheritdoc IEnergyTrader
    function initBatteryState(uint256 batteryId) external {
        if (msg.sender != address(_VPP)) revert NotVpp(msg.sender);
        BatteryState storage st = _states[batteryId];
        if (st.intervalPlusOne == 0) st.intervalPlusOne = 1;
    }

    /// @inheritdoc IEnergyTrader
    function lastDispatchedInterval(uint256 batteryId) external view returns (uint64) {
        uint64 stored = _states[batteryId].intervalPlusOne;
        return stored == 0 ? 0 : stored - 1;
    }

    /// @inheritdoc IEnergyTrader
    function batteryState(uint256 batteryId) external view returns (BatteryState memory) {
        return _states[batteryId];
    }

    /// @inheritdoc IEnergyTrader
    /// @dev Reverts PriceNotForInterval unless the round was published in the current interval.
    function latestPrice() public view returns (uint80 roundId, int256 price, uint256 updatedAt) {
        uint80 answeredInRound;
        (roundId, price,, updatedAt, answeredInRound) = _priceOracle.latestRoundData();
        // forge-lint: disable-next-line(block-timestamp)
        if (roundId == 0 || answeredInRound < roundId || updatedAt == 0 || updatedAt > block.timestamp) {
            revert InvalidRound(roundId);
        }
        TradingParams memory p = _params;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - updatedAt > p.maxPriceAge) revert StalePrice(updatedAt, block.timestamp, p.maxPriceAge);
        uint256 start = intervalStart(currentInterval());
        if (updatedAt < start) revert PriceNotForInterval(updatedAt, start);
        if (price < p.minValidPrice || price > p.maxValidPrice) {
            revert PriceOutOfBounds(price, p.minValidPrice, p.maxValidPrice);
        }
    }

    /// @inheritdoc IEnergyTrader
    function quote(IVirtualPowerPlant.DispatchState memory state, int256 price, uint32 intervalSeconds)
        external
        pure
        returns (Action action, uint64 energyWh, uint64 storedDeltaWh, int256 value, uint64 stateOfChargeAfterWh)
    {
        return EnergyMath.quote(state, price, intervalSeconds);
    }

    // ------------------------------------------------------------------ dispatch

    /// @inheritdoc IEnergyTrader
    function dispatch(uint256[] calldata batteryIds) external {
        _checkNotPaused();
        uint256 length = batteryIds.length;
        if (length == 0) revert EmptyBatch();
        if (length > _params.maxBatchSize) revert BatchTooLarge(length, _params.maxBatchSize);
        (uint80 roundId, int256 price,) = latestPrice();
        _run(batteryIds, currentInterval(), price, roundId);
    }

    /// @inheritdoc IEnergyTrader
    /// @dev Reverts like `dispatch` when there is no valid price for the current interval. Budget skips
    ///      (InsufficientFundBalance / InsufficientMarketBalance) are not predicted: they depend on the whole batch.
    function previewDispatch(uint256[] calldata batteryIds)
        external
        view
        returns (Action[] memory actions, uint64[] memory energyWh)
    {
        Totals memory t;
        (, t.price,) = latestPrice();
        t.interval = currentInterval();
        Schedule memory s = _current();
        t.secs = s.len;
        t.start = _startOf(s, t.interval);
        t.mark = uint48(t.interval) + 1;
        uint256 n = batteryIds.length;
        actions = new Action[](n);
        energyWh = new uint64[](n);
        for (uint256 i; i < n; ++i) {
            (actions[i], energyWh[i]) = _preview(batteryIds[i], t);
        }
    }

    /// @notice Chainlink Automation check: the next batch of active batteries not yet dispatched this interval.
    /// @dev Returns false while paused or when there is no valid price for the current interval. Scans at most
    ///      max(4 * maxBatchSize, UPKEEP_MIN_SCAN) entries of the VPP's active set: empty `checkData` from the
    ///      interval's cursor, wrapping around; `checkData` = abi.encode(uint256 offset) a fixed window (register
    ///      one upkeep per window for fleets larger than the window).
    /// @return upkeepNeeded Whether there is a batch.
    /// @return performData abi.encode(uint64 interval, uint256[] batteryIds).
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        if (_VPP.paused()) return (false, "");
        try this.latestPrice() {}
        catch {
            return (false, "");
        }
        uint64 interval = currentInterval();
        IActiveFleet active = IActiveFleet(address(_VPP));
        uint256 n = active.activeFleetSize();
        uint256 maxBatch = _params.maxBatchSize;
        uint256 scan = maxBatch * SCAN_FACTOR;
        if (scan < UPKEEP_MIN_SCAN) scan = UPKEEP_MIN_SCAN;
        bytes memory checkData = abi.decode(msg.data[4:], (bytes));
        uint256 start;
        bool wrap = checkData.length == 0;
        if (wrap) {
            start = _cursorInterval == interval ? _cursor : 0;
            if (start >= n) start = 0;
            if (scan > n) scan = n;
        } else {
            start = abi.decode(checkData, (uint256));
            if (start >= n) return (false, "");
            if (scan > n - start) scan = n - start;
        }
        uint256 head = n - start < scan ? n - start : scan;
        uint256[] memory ids = new uint256[](maxBatch < scan ? maxBatch : scan);
        uint256 found = _collect(active.activeFleetBatteries(start, head), interval, ids, 0);
        if (wrap && found < ids.length && scan > head) {
            found = _collect(active.activeFleetBatteries(0, scan - head), interval, ids, found);
        }
        if (found == 0) return (false, "");
        assembly ("memory-safe") {
            mstore(ids, found)
        }
        return (true, abi.encode(interval, ids));
    }

    /// @notice Chainlink Automation perform: dispatches performData's batch, skipping batteries that are no longer
    ///         active or were dispatched meanwhile. Reverts UpkeepNotNeeded if the interval passed or nothing was done.
    /// @param performData abi.encode(uint64 interval, uint256[] batteryIds).
    function performUpkeep(bytes calldata performData) external {
        _checkNotPaused();
        (uint64 interval, uint256[] memory ids) = abi.decode(performData, (uint64, uint256[]));
        if (interval != currentInterval()) revert UpkeepNotNeeded();
        uint256 maxBatch = _params.maxBatchSize;
        if (ids.length > maxBatch) revert BatchTooLarge(ids.length, maxBatch);
        (uint80 roundId, int256 price,) = latestPrice();
        if (_run(ids, interval, price, roundId) == 0) revert UpkeepNotNeeded();
        _advanceCursor(interval, maxBatch * SCAN_FACTOR);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The thresholds of a battery in state `st` (cfg.stateOfChargeWh set) at `interval` starting at `start`:
    ///      the profile's fresh table, else the static pair. A table read costs the profile header and one block
    ///      word (warm after the first battery of the profile in a batch).
    function _thresholds(
        BatteryState memory st,
        IVirtualPowerPlant.DispatchState memory cfg,
        uint64 interval,
        uint256 start
    ) internal view virtual returns (int128 chargeBelow, int128 dischargeAbove, ThresholdSource source) {
        uint32 pid = st.profileId;
        if (pid == 0) return (cfg.chargeBelowPrice, cfg.dischargeAbovePrice, ThresholdSource.Static);
        (int256 lo, int256 hi, uint256 buffer) =
            _strategyThresholds(pid, interval, start, cfg.stateOfChargeWh, cfg.capacityWh);
        if (buffer == 0) return (cfg.chargeBelowPrice, cfg.dischargeAbovePrice, ThresholdSource.StaticFallback);
        // |int16| * uint64 < 2^80: the casts are exact. buffer 1 -> TableBuffer0, 2 -> TableBuffer1.
        // forge-lint: disable-next-line(unsafe-typecast)
        return (int128(lo), int128(hi), ThresholdSource(buffer));
    }

    // ------------------------------------------------------------------ StrategyBook hooks

    function _checkStrategyOwner() internal view override {
        _checkOwner();
    }

    /// @dev Admins (the owner included); the battery must exist and not be decommissioned (assigning a profile to
    ///      an Inactive battery is allowed: it takes effect when it is activated).
    function _checkBatteryProfileAuth(uint256 batteryId, uint32) internal view override {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
        IVirtualPowerPlant.BatteryStatus status = _VPP.dispatchConfig(batteryId).status;
        if (
            status == IVirtualPowerPlant.BatteryStatus.None || status == IVirtualPowerPlant.BatteryStatus.Decommissioned
        ) {
            revert BatteryNotAssignable(batteryId);
        }
    }

    /// @dev Same kind as the profile: duration (capacityWh * 60 / maxDischargeW, minutes, floor) and round-trip
    ///      efficiency equal. Checked at assignment only: re-assign after changing a battery's config.
    function _checkBatteryKind(uint256 batteryId, uint32 profileId, uint16 durationMinutes, uint16 efficiencyBps)
        internal
        view
        override
    {
        IVirtualPowerPlant.DispatchState memory cfg = _VPP.dispatchConfig(batteryId);
        uint256 duration = cfg.maxDischargeW == 0 ? type(uint256).max : uint256(cfg.capacityWh) * 60 / cfg.maxDischargeW;
        if (duration != durationMinutes || cfg.roundTripEfficiencyBps != efficiencyBps) {
            revert ProfileKindMismatch(batteryId, profileId, duration, cfg.roundTripEfficiencyBps);
        }
    }

    function _currentStrategyInterval() internal view override returns (uint64) {
        return currentInterval();
    }

    function _strategyIntervalStart(uint64 interval) internal view override returns (uint256) {
        return intervalStart(interval);
    }

    /// @dev The profile id lives in the packed battery state (read with it on every dispatch: no extra SLOAD).
    function _batteryProfile(uint256 batteryId) internal view override returns (uint32) {
        return _states[batteryId].profileId;
    }

    function _storeBatteryProfile(uint256 batteryId, uint32 profileId) internal override returns (uint32 previous) {
        BatteryState storage st = _states[batteryId];
        previous = st.profileId;
        st.profileId = profileId;
    }

    struct Totals {
        int256 fundBudget;
        int256 marketBudget;
        int256 cash;
        int256 invDelta;
        int256 realised;
        int256 price;
        uint256 secs;
        uint256 start;
        uint64 interval;
        uint48 mark;
    }

    function _run(uint256[] memory ids, uint64 interval, int256 price, uint80 roundId)
        internal
        returns (uint256 processed)
    {
        IEnergyInvestmentFund fund = _VPP.fund();
        // From inside a fund call the batch could not settle and would use up the interval: refuse instead.
        if (fund.busy()) revert FundBusy();
        address market = _gridMarket;
        Totals memory t;
        t.fundBudget = fund.freeBalance().toInt256();
        t.marketBudget = market.balance.toInt256();
        t.price = price;
        Schedule memory s = _current();
        t.secs = s.len;
        t.start = _startOf(s, interval);
        t.interval = interval;
        t.mark = uint48(interval) + 1;
        uint256 n = ids.length;
        Result[] memory res = new Result[](n);
        for (uint256 i; i < n; ++i) {
            res[i].id = ids[i];
            if (_decide(res[i], t)) ++processed;
        }
        bool failed;
        if (t.cash != 0 || t.invDelta != 0) {
            try fund.settleBatch(t.cash, t.invDelta, t.realised, market) {}
            catch {
                failed = true;
            }
        }
        for (uint256 i; i < n; ++i) {
            _commit(res[i], interval, price, roundId, failed);
        }
    }

    /// @dev What a decision reads for one battery: its config with the live state of charge and the thresholds in
    ///      force (static pair or the profile's table); only the status when it is not Active. Shared by dispatch
    ///      and the preview.
    function _decisionInputs(uint256 id, BatteryState memory st, uint64 interval, uint256 start)
        internal
        view
        returns (IVirtualPowerPlant.DispatchState memory cfg, ThresholdSource source)
    {
        cfg = _VPP.dispatchConfig(id);
        if (cfg.status != IVirtualPowerPlant.BatteryStatus.Active) return (cfg, source);
        cfg.stateOfChargeWh = st.stateOfChargeWh;
        (cfg.chargeBelowPrice, cfg.dischargeAbovePrice, source) = _thresholds(st, cfg, interval, start);
    }

    /// @dev One battery's previewed decision ((Idle, 0) if dispatched this interval or not Active).
    function _preview(uint256 id, Totals memory t) internal view returns (Action action, uint64 energyWh) {
        BatteryState memory st = _states[id];
        if (st.intervalPlusOne == t.mark) return (Action.Idle, 0);
        (IVirtualPowerPlant.DispatchState memory cfg,) = _decisionInputs(id, st, t.interval, t.start);
        if (cfg.status != IVirtualPowerPlant.BatteryStatus.Active) return (Action.Idle, 0);
        // forge-lint: disable-next-line(unsafe-typecast)
        (action, energyWh,,,) = EnergyMath.quote(cfg, t.price, uint32(t.secs));
    }

    /// @dev Decides for one battery into `r`, updating the batch totals; false if skipped before deciding.
    /// @dev Writes the battery's new state (or only the interval mark when skipped) at once, so that a duplicate id
    ///      later in the same batch reads the mark and is skipped (AlreadyDispatched) instead of trading twice on
    ///      the same stored state; `_commit` restores `before` (plus the mark) if the batch settlement fails.
    function _decide(Result memory r, Totals memory t) internal returns (bool) {
        uint256 id = r.id;
        BatteryState memory st = _states[id];
        if (st.intervalPlusOne == t.mark) {
            r.skip = SkipReason.AlreadyDispatched;
            return false;
        }
        (IVirtualPowerPlant.DispatchState memory cfg, ThresholdSource source) =
            _decisionInputs(id, st, t.interval, t.start);
        if (cfg.status != IVirtualPowerPlant.BatteryStatus.Active) {
            r.skip = SkipReason.NotActive;
            return false;
        }
        r.source = source;
        uint64 socAfter;
        // forge-lint: disable-next-line(unsafe-typecast)
        (r.action, r.energyWh, r.storedDeltaWh, r.value, socAfter) = EnergyMath.quote(cfg, t.price, uint32(t.secs));
        int256 v = r.value;
        st.intervalPlusOne = t.mark;
        r.before = BatteryState(st.stateOfChargeWh, t.mark, st.profileId, st.inventoryCost);
        r.state = st;
        if (v < 0 && -v > t.fundBudget) {
            r.skip = SkipReason.InsufficientFundBalance;
        } else if (v > 0 && v > t.marketBudget) {
            r.skip = SkipReason.InsufficientMarketBalance;
        } else if (r.action != Action.Idle) {
            t.fundBudget += v;
            t.marketBudget -= v;
            t.cash += v;
            int256 inv = st.inventoryCost;
            int256 costDelta;
            if (r.action == Action.Charge) {
                costDelta = -v;
            } else {
                uint256 soc = st.stateOfChargeWh;
                // forge-lint: disable-next-line(unsafe-typecast)
                costDelta = r.storedDeltaWh == soc ? -inv : -_ceilDiv(inv * int256(uint256(r.storedDeltaWh)), soc);
                t.realised += v + costDelta;
            }
            t.invDelta += costDelta;
            st.inventoryCost = (inv + costDelta).toInt112();
            st.stateOfChargeWh = socAfter;
        }
        _states[id] = st;
        return true;
    }

    function _commit(Result memory r, uint64 interval, int256 price, uint80 roundId, bool failed) internal {
        if (r.skip == SkipReason.AlreadyDispatched || r.skip == SkipReason.NotActive) {
            emit DispatchSkipped(r.id, interval, r.skip, 0);
            return;
        }
        if (failed && r.action != Action.Idle && r.skip == SkipReason.None) {
            r.skip = SkipReason.SettlementFailed;
            _states[r.id] = r.before;
        }
        if (r.skip != SkipReason.None) {
            emit DispatchSkipped(r.id, interval, r.skip, r.value);
            return;
        }
        _emitTrade(r, interval, price, roundId);
    }

    function _emitTrade(Result memory r, uint64 interval, int256 price, uint80 roundId) internal {
        emit Trade(
            r.id,
            interval,
            r.action,
            r.energyWh,
            r.storedDeltaWh,
            price,
            r.value,
            r.state.stateOfChargeWh,
            roundId,
            r.source
        );
    }

    /// @dev a / b rounded towards +infinity (b > 0).
    function _ceilDiv(int256 a, uint256 b) internal pure returns (int256 q) {
        int256 bb = int256(b);
        q = a / bb;
        if (a % bb != 0 && a > 0) q += 1;
    }

    function _advanceCursor(uint64 interval, uint256 maxSteps) internal {
        uint256 c = _cursorInterval == interval ? _cursor : 0;
        uint256[] memory page = IActiveFleet(address(_VPP)).activeFleetBatteries(c, maxSteps);
        uint256 steps;
        uint48 mark = uint48(interval) + 1;
        while (steps < page.length && _states[page[steps]].intervalPlusOne == mark) {
            ++steps;
        }
        _cursorInterval = interval;
        _cursor = c + steps;
    }

    function _collect(uint256[] memory page, uint64 interval, uint256[] memory out, uint256 found)
        internal
        view
        returns (uint256)
    {
        uint48 mark = uint48(interval) + 1;
        for (uint256 i; i < page.length && found < out.length; ++i) {
            if (_states[page[i]].intervalPlusOne != mark) out[found++] = page[i];
        }
        return found;
    }

    function _checkNotPaused() internal view {
        if (_VPP.paused()) revert SystemIsPaused();
    }

    function _checkOwner() internal view {
        if (msg.sender != Ownable(address(_VPP)).owner()) revert NotOwner(msg.sender);
    }

    function _validateParams(TradingParams memory p) internal pure {
        if (p.intervalSeconds == 0 || p.maxPriceAge == 0 || p.minValidPrice >= p.maxValidPrice || p.maxBatchSize == 0) {
            revert InvalidTradingParams();
        }
    }
}
