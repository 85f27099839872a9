// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IEnergyTrader} from "./interfaces/IEnergyTrader.sol";
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
/// @dev Decision rule: see IEnergyTrader and EnergyMath. interval = block.timestamp / intervalSeconds (interval 0
///      is valid). A battery is dispatched at most once per interval; a trade that the fund (charge cost > fund's
///      free balance) or the market (discharge revenue > market balance) cannot pay is skipped (DispatchSkipped)
///      and the interval counts as done for that battery.
///      Automation (bounded work): `checkUpkeep` scans the VPP's set of Active batteries (inactive and
///      decommissioned ones are not in it) from a cursor kept per interval, wrapping around, at most
///      max(4 * maxBatchSize, UPKEEP_MIN_SCAN) entries, and returns up to maxBatchSize ids not yet dispatched.
///      `performUpkeep` then moves the cursor past the entries already dispatched (at most 4 * maxBatchSize, one
///      paged read). Batteries moved below the cursor by a swap-and-pop of the set in the middle of an interval are
///      found by the wrap-around scan; active sets larger than the window are served window by window. A single
///      upkeep (empty checkData) cannot see past its window once a whole window was dispatched by hand; large
///      fleets register one upkeep per window with checkData = abi.encode(uint256 offset) (see checkUpkeep).
contract EnergyTrader is IEnergyTrader {
    /// @notice Minimum number of fleet entries `checkUpkeep` (a view, simulated off-chain) may scan.
    uint256 public constant UPKEEP_MIN_SCAN = 1024;
    /// @notice Factor of maxBatchSize bounding the fleet entries scanned.
    uint256 internal constant SCAN_FACTOR = 4;

    IVirtualPowerPlant private immutable _VPP;

    AggregatorV3Interface private _priceOracle;
    address private _gridMarket;
    TradingParams private _params;

    /// @dev interval + 1 of the last dispatch (0 = never), so that interval 0 is representable.
    mapping(uint256 batteryId => uint64) private _dispatchedPlusOne;
    /// @dev Upkeep cursor (index in the fleet set) and the interval it belongs to.
    uint64 private _cursorInterval;
    uint256 private _cursor;

    /// @notice Creates the trader of `vpp` (deployed by the VPP's constructor).
    /// @param vpp_ The root contract.
    /// @param oracle The price feed.
    /// @param market The grid market settling trades.
    /// @param params The trading parameters.
    constructor(IVirtualPowerPlant vpp_, AggregatorV3Interface oracle, address market, TradingParams memory params) {
        if (address(vpp_) == address(0) || address(oracle) == address(0) || market == address(0)) {
            revert ZeroAddress();
        }
        _validateParams(params);
        _VPP = vpp_;
        _priceOracle = oracle;
        _gridMarket = market;
        _params = params;
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

    /// @notice The root contract.
    /// @return The VPP.
    function vpp() external view returns (IVirtualPowerPlant) {
        return _VPP;
    }

    /// @notice The price feed.
    /// @return The oracle.
    function priceOracle() external view returns (AggregatorV3Interface) {
        return _priceOracle;
    }

    /// @notice The grid market settling trades.
    /// @return The market.
    function gridMarket() external view returns (address) {
        return _gridMarket;
    }

    /// @notice The trading parameters.
    /// @return The parameters.
    function tradingParams() external view returns (TradingParams memory) {
        return _params;
    }

    /// @notice Replaces the trading parameters (admins; allowed while paused).
    /// @param params The new parameters (intervalSeconds > 0, maxPriceAge > 0, min < max, maxBatchSize > 0).
    function setTradingParams(TradingParams calldata params) external {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
        _validateParams(params);
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

    /// @notice Replaces the price feed (VPP owner; allowed while paused).
    /// @param oracle The new feed.
    function setPriceOracle(address oracle) external {
        _checkOwner();
        if (oracle == address(0)) revert ZeroAddress();
        address previous = address(_priceOracle);
        _priceOracle = AggregatorV3Interface(oracle);
        emit PriceOracleUpdated(previous, oracle, msg.sender);
    }

    /// @notice Replaces the grid market (VPP owner; allowed while paused). The market must authorize the fund.
    /// @param market The new market.
    function setGridMarket(address market) external {
        _checkOwner();
        if (market == address(0)) revert ZeroAddress();
        address previous = _gridMarket;
        _gridMarket = market;
        emit GridMarketUpdated(previous, market, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @notice The current dispatch interval, block.timestamp / intervalSeconds.
    /// @return The interval.
    function currentInterval() public view returns (uint64) {
        return uint64(block.timestamp / _params.intervalSeconds);
    }

    /// @notice The last interval `batteryId` was dispatched (or skipped) in; 0 if never.
    /// @param batteryId The battery.
    /// @return The interval.
    function lastDispatchedInterval(uint256 batteryId) external view returns (uint64) {
        uint64 stored = _dispatchedPlusOne[batteryId];
        return stored == 0 ? 0 : stored - 1;
    }

    /// @notice The validated latest price: (roundId, price wei/MWh, updatedAt).
    /// @return roundId The oracle round.
    /// @return price The price, wei/MWh.
    /// @return updatedAt The round's timestamp.
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
        if (price < p.minValidPrice || price > p.maxValidPrice) {
            revert PriceOutOfBounds(price, p.minValidPrice, p.maxValidPrice);
        }
    }

    /// @notice The pure decision rule (see EnergyMath).
    /// @param state The battery's dispatch state.
    /// @param price The price, wei/MWh.
    /// @param intervalSeconds The interval length, seconds.
    /// @return action Idle, Charge or Discharge.
    /// @return energyWh Energy exchanged with the grid, Wh.
    /// @return storedDeltaWh Energy stored (charge) or removed (discharge), Wh.
    /// @return value The fund's signed cash flow, wei.
    /// @return stateOfChargeAfterWh The state of charge after, Wh.
    function quote(IVirtualPowerPlant.DispatchState memory state, int256 price, uint32 intervalSeconds)
        external
        pure
        returns (Action action, uint64 energyWh, uint64 storedDeltaWh, int256 value, uint64 stateOfChargeAfterWh)
    {
        return EnergyMath.quote(state, price, intervalSeconds);
    }

    // ------------------------------------------------------------------ dispatch

    /// @notice Dispatches `batteryIds` for the current interval (permissionless).
    /// @param batteryIds Active batteries not yet dispatched this interval (1..maxBatchSize of them).
    function dispatch(uint256[] calldata batteryIds) external {
        _checkNotPaused();
        uint256 length = batteryIds.length;
        if (length == 0) revert EmptyBatch();
        if (length > _params.maxBatchSize) revert BatchTooLarge(length, _params.maxBatchSize);
        (uint80 roundId, int256 price,) = latestPrice();
        uint64 interval = currentInterval();
        IEnergyInvestmentFund fund = _VPP.fund();
        for (uint256 i; i < length; ++i) {
            uint256 id = batteryIds[i];
            IVirtualPowerPlant.DispatchState memory state = _VPP.dispatchState(id);
            if (state.status != IVirtualPowerPlant.BatteryStatus.Active) revert BatteryNotDispatchable(id);
            if (_dispatchedPlusOne[id] == interval + 1) revert AlreadyDispatched(id, interval);
            _dispatchOne(fund, id, interval, state, price, roundId);
        }
    }

    /// @notice Chainlink Automation check: the next batch of active batteries not yet dispatched this interval.
    /// @dev Returns false while paused or when the price is invalid. Scans at most
    ///      max(4 * maxBatchSize, UPKEEP_MIN_SCAN) entries of the VPP's active set (the scan window):
    ///      - empty `checkData`: from the interval's cursor, wrapping around. The cursor only moves in
    ///        performUpkeep, past the entries already dispatched; permissionless dispatch() calls do not move it.
    ///        So with a fleet larger than the window, if a whole window from the cursor was dispatched by hand, this
    ///        returns false although batteries beyond the window are still waiting (limit of a single upkeep).
    ///      - `checkData` = abi.encode(uint256 offset): the fixed window [offset, offset + window) of the active set,
    ///        no wrap-around, cursor ignored; false if offset >= active fleet size. Shorter checkData reverts (decode).
    ///      For fleets larger than the scan window, register several upkeeps (Chainlink Automation supports
    ///      per-upkeep checkData) with checkData offsets 0, 1024, 2048, … (multiples of UPKEEP_MIN_SCAN, up to the
    ///      fleet size): together they cover every active battery whatever was dispatched by hand. Batteries moved
    ///      to a lower index by a swap-and-pop land in a lower window, still covered.
    ///      The parameter (checkData: empty, or abi.encode(uint256 offset) into the active set) is left unnamed so
    ///      that the ABI stays as it was; it is read from msg.data.
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
        IEnergyInvestmentFund fund = _VPP.fund();
        uint256 processed;
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (_dispatchedPlusOne[id] == interval + 1) continue;
            IVirtualPowerPlant.DispatchState memory state = _VPP.dispatchState(id);
            if (state.status != IVirtualPowerPlant.BatteryStatus.Active) continue;
            _dispatchOne(fund, id, interval, state, price, roundId);
            ++processed;
        }
        if (processed == 0) revert UpkeepNotNeeded();
        _advanceCursor(interval, maxBatch * SCAN_FACTOR);
    }

    // ------------------------------------------------------------------ internals

    function _dispatchOne(
        IEnergyInvestmentFund fund,
        uint256 id,
        uint64 interval,
        IVirtualPowerPlant.DispatchState memory state,
        int256 price,
        uint80 roundId
    ) internal {
        _dispatchedPlusOne[id] = interval + 1;
        (Action action, uint64 energyWh, uint64 storedDeltaWh, int256 value, uint64 socAfter) =
            EnergyMath.quote(state, price, _params.intervalSeconds);
        address market = _gridMarket;
        if (value < 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            if (uint256(-value) > fund.freeBalance()) {
                emit DispatchSkipped(id, interval, SkipReason.InsufficientFundBalance, value);
                return;
            }
        } else if (value > 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            if (uint256(value) > market.balance) {
                emit DispatchSkipped(id, interval, SkipReason.InsufficientMarketBalance, value);
                return;
            }
        }
        emit Trade(id, interval, action, energyWh, storedDeltaWh, price, value, socAfter, roundId);
        if (value != 0) fund.settleTrade(id, interval, value, market);
        _VPP.recordDispatch(id, interval, socAfter);
    }

    function _advanceCursor(uint64 interval, uint256 maxSteps) internal {
        uint256 c = _cursorInterval == interval ? _cursor : 0;
        uint256[] memory page = IActiveFleet(address(_VPP)).activeFleetBatteries(c, maxSteps);
        uint256 steps;
        while (steps < page.length && _dispatchedPlusOne[page[steps]] == interval + 1) {
            ++steps;
        }
        _cursorInterval = interval;
        _cursor = c + steps;
    }

    /// @dev Appends to `out` (from `found`) the ids of `page` not dispatched in `interval`; returns the new count.
    function _collect(uint256[] memory page, uint64 interval, uint256[] memory out, uint256 found)
        internal
        view
        returns (uint256)
    {
        for (uint256 i; i < page.length && found < out.length; ++i) {
            if (_dispatchedPlusOne[page[i]] != interval + 1) out[found++] = page[i];
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
