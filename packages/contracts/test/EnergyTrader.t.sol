// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Base, RefRule} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../src/interfaces/IEnergyPriceOracle.sol";
import {EnergyTrader} from "../src/EnergyTrader.sol";

/// @notice A feed that answers with round 0 (never a valid Chainlink round).
contract RoundZeroFeed {
    function decimals() external pure returns (uint8) {
        return 18;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (0, 1, block.timestamp, block.timestamp, 0);
    }
}

/// @notice A feed whose decimals can change after it was proposed.
contract MutableDecimalsFeed {
    uint8 public decimals = 18;

    function setDecimals(uint8 d) external {
        decimals = d;
    }
}

/// @notice A contract with no decimals() at all.
contract NoDecimalsFeed {}

/// @notice A market that accepts plain deposits and reverts on every settlement.
contract RevertingMarket {
    receive() external payable {}

    function payFund(uint256) external pure {
        revert("broken");
    }

    function receivePayment() external payable {
        revert("broken");
    }
}

/// @notice EnergyTrader on the issue-7 API: configuration, timelocked swaps, price rule, dispatch, skip reasons,
///         automation. Table-driven dispatch is in EnergyTraderTable.t.sol.
contract EnergyTraderTest is Base {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _addBattery();
        _invest(alice, 10 ether);
        _nextInterval();
    }

    function _bigBattery(int128 lo, int128 hi) internal returns (uint256) {
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("BIG"));
        c.capacityWh = 1_000_000;
        c.maxChargeW = 12_000_000;
        c.maxDischargeW = 12_000_000;
        c.roundTripEfficiencyBps = 10_000;
        c.chargeBelowPrice = lo;
        c.dischargeAbovePrice = hi;
        return _addBattery(c);
    }

    function _swapOracle(address feed) internal {
        vm.prank(owner);
        trader.proposePriceOracle(feed);
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        trader.executePriceOracle();
    }

    function _swapMarket(address m) internal {
        vm.prank(owner);
        trader.proposeGridMarket(m);
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        trader.executeGridMarket();
    }

    // ------------------------------------------------------------------ parameters
    function test_SetTradingParams_LengthChangesAtTheNextBoundary() public {
        uint64 n = trader.currentInterval();
        uint256 start = trader.intervalStart(n);
        assertEq(start, uint256(n) * INTERVAL);
        vm.warp(start + 100);
        IEnergyTrader.TradingParams memory p = IEnergyTrader.TradingParams(900, 1800, -5 ether, 50 ether, 10);
        vm.expectEmit(address(trader));
        emit IEnergyTrader.IntervalScheduleChanged(900, uint64(start + INTERVAL), n + 1);
        vm.expectEmit(true, false, false, true, address(trader));
        emit IEnergyTrader.TradingParamsUpdated(admin, 900, 1800, -5 ether, 50 ether, 10);
        vm.prank(admin);
        trader.setTradingParams(p);
        IEnergyTrader.TradingParams memory q = trader.tradingParams();
        assertEq(q.intervalSeconds, INTERVAL, "old length until the boundary");
        assertEq(q.maxPriceAge, 1800);
        assertEq(q.minValidPrice, -5 ether);
        assertEq(q.maxValidPrice, 50 ether);
        assertEq(q.maxBatchSize, 10);
        assertEq(trader.currentInterval(), n);
        // the pending schedule is already reflected for later intervals
        assertEq(trader.intervalStart(n + 1), start + INTERVAL);
        assertEq(trader.intervalStart(n + 3), start + INTERVAL + 2 * 900);
        vm.warp(start + INTERVAL);
        assertEq(trader.tradingParams().intervalSeconds, 900);
        assertEq(trader.currentInterval(), n + 1);
        vm.warp(start + INTERVAL + 899);
        assertEq(trader.currentInterval(), n + 1);
        vm.warp(start + INTERVAL + 900);
        assertEq(trader.currentInterval(), n + 2);
        assertEq(trader.intervalStart(n + 2), start + INTERVAL + 900);
    }

    function test_SetTradingParams_SameLengthCancelsAPendingChange() public {
        uint64 n = trader.currentInterval();
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 60;
        vm.prank(admin);
        trader.setTradingParams(p);
        vm.prank(admin);
        trader.setTradingParams(_params());
        vm.warp(trader.intervalStart(n) + 5 * INTERVAL);
        assertEq(trader.currentInterval(), n + 5);
        assertEq(trader.tradingParams().intervalSeconds, INTERVAL);
    }

    function test_RevertWhen_SetTradingParamsByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, stranger));
        vm.prank(stranger);
        trader.setTradingParams(_params());
    }

    function test_RevertWhen_SetTradingParamsInvalid() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 0;
        _expectInvalid(p);
        p = _params();
        p.maxPriceAge = 0;
        _expectInvalid(p);
        p = _params();
        p.minValidPrice = p.maxValidPrice;
        _expectInvalid(p);
        p = _params();
        p.maxBatchSize = 0;
        _expectInvalid(p);
    }

    function _expectInvalid(IEnergyTrader.TradingParams memory p) internal {
        vm.expectRevert(IEnergyTrader.InvalidTradingParams.selector);
        vm.prank(admin);
        trader.setTradingParams(p);
    }

    // ------------------------------------------------------------------ timelocked swaps
    function test_OracleSwap_Timelocked() public {
        IEnergyPriceOracle next =
            IEnergyPriceOracle(deployCode("EnergyPriceOracle.sol:EnergyPriceOracle", abi.encode(owner, "next feed")));
        uint256 eta = block.timestamp + DELAY;
        vm.expectEmit(true, true, false, true, address(trader));
        emit IEnergyTrader.PriceOracleProposed(address(next), eta, owner);
        vm.prank(owner);
        trader.proposePriceOracle(address(next));
        (EnergyTrader.Pending memory o,) = _pending();
        assertEq(o.target, address(next));
        assertEq(o.eta, eta);
        vm.warp(eta - 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.TimelockNotElapsed.selector, eta));
        vm.prank(owner);
        trader.executePriceOracle();
        vm.warp(eta);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.PriceOracleUpdated(address(oracle), address(next), owner);
        vm.prank(owner);
        trader.executePriceOracle();
        assertEq(address(trader.priceOracle()), address(next));
        vm.expectRevert(IEnergyTrader.NoPendingChange.selector);
        vm.prank(owner);
        trader.executePriceOracle();
    }

    function test_MarketSwap_Timelocked() public {
        address next = makeAddr("nextMarket");
        uint256 eta = block.timestamp + DELAY;
        vm.expectEmit(true, true, false, true, address(trader));
        emit IEnergyTrader.GridMarketProposed(next, eta, owner);
        vm.prank(owner);
        trader.proposeGridMarket(next);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.TimelockNotElapsed.selector, eta));
        vm.prank(owner);
        trader.executeGridMarket();
        vm.warp(eta);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.GridMarketUpdated(address(market), next, owner);
        vm.prank(owner);
        trader.executeGridMarket();
        assertEq(trader.gridMarket(), next);
        assertEq(EnergyTrader(address(trader)).timelockDelay(), DELAY);
    }

    function test_CancelPendingChange() public {
        vm.prank(owner);
        trader.proposeGridMarket(makeAddr("m"));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, stranger));
        vm.prank(stranger);
        trader.cancelPendingChange(false);
        vm.expectEmit(true, true, false, true, address(trader));
        emit IEnergyTrader.PendingChangeCanceled(false, admin);
        vm.prank(admin);
        trader.cancelPendingChange(false);
        (, EnergyTrader.Pending memory m) = _pending();
        assertEq(m.target, address(0));
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(IEnergyTrader.NoPendingChange.selector);
        vm.prank(owner);
        trader.executeGridMarket();
        vm.expectRevert(IEnergyTrader.NoPendingChange.selector);
        vm.prank(admin);
        trader.cancelPendingChange(true);
    }

    function test_RevertWhen_SwapsByNonOwnerOrZero() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.proposePriceOracle(address(oracle));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.proposeGridMarket(address(market));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.executePriceOracle();
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.executeGridMarket();
        vm.expectRevert(IEnergyTrader.ZeroAddress.selector);
        vm.prank(owner);
        trader.proposePriceOracle(address(0));
        vm.expectRevert(IEnergyTrader.ZeroAddress.selector);
        vm.prank(owner);
        trader.proposeGridMarket(address(0));
    }

    function test_OracleDecimalsValidated() public {
        assertEq(EnergyTrader(address(trader)).PRICE_DECIMALS(), 18);
        NoDecimalsFeed none = new NoDecimalsFeed();
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidOracleDecimals.selector, uint8(0)));
        vm.prank(owner);
        trader.proposePriceOracle(address(none));
        MutableDecimalsFeed feed = new MutableDecimalsFeed();
        feed.setDecimals(8);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidOracleDecimals.selector, uint8(8)));
        vm.prank(owner);
        trader.proposePriceOracle(address(feed));
        // decimals that change during the timelock are checked again at execution
        feed.setDecimals(18);
        vm.prank(owner);
        trader.proposePriceOracle(address(feed));
        feed.setDecimals(6);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidOracleDecimals.selector, uint8(6)));
        vm.prank(owner);
        trader.executePriceOracle();
    }

    // ------------------------------------------------------------------ price rule
    function test_LatestPrice() public {
        uint80 r = _push(0.05 ether);
        (uint80 roundId, int256 price, uint256 updatedAt) = trader.latestPrice();
        assertEq(roundId, r);
        assertEq(price, 0.05 ether);
        assertEq(updatedAt, block.timestamp);
    }

    function test_LatestPrice_CurrentIntervalOnly() public {
        uint64 n = trader.currentInterval();
        uint256 start = trader.intervalStart(n);
        vm.warp(start + INTERVAL - 1);
        _push(0.05 ether);
        trader.latestPrice(); // published in interval n, last second
        vm.warp(start + INTERVAL); // first second of n + 1: the round is 1 s old but belongs to interval n
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceNotForInterval.selector, start + INTERVAL - 1, start + INTERVAL)
        );
        trader.latestPrice();
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceNotForInterval.selector, start + INTERVAL - 1, start + INTERVAL)
        );
        _dispatch(id);
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "no upkeep without a round for the interval");
        _push(-0.01 ether); // a round at the interval's first second is valid
        _dispatch(id);
        assertEq(trader.lastDispatchedInterval(id), n + 1);
    }

    function test_RevertWhen_PriceStale() public {
        // maxPriceAge shorter than the interval
        IEnergyTrader.TradingParams memory p = _params();
        p.maxPriceAge = 60;
        vm.prank(admin);
        trader.setTradingParams(p);
        _push(0.05 ether);
        uint256 t = block.timestamp;
        vm.warp(t + 60);
        trader.latestPrice(); // exactly maxPriceAge old is fresh
        vm.warp(t + 61);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.StalePrice.selector, t, t + 61, uint256(60)));
        trader.latestPrice();
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.StalePrice.selector, t, t + 61, uint256(60)));
        _dispatch(id);
    }

    function test_RevertWhen_PriceOutOfBounds() public {
        _push(int256(MAX_PRICE) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceOutOfBounds.selector, int256(MAX_PRICE) + 1, MIN_PRICE, MAX_PRICE)
        );
        _dispatch(id);
        _push(int256(MIN_PRICE) - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceOutOfBounds.selector, int256(MIN_PRICE) - 1, MIN_PRICE, MAX_PRICE)
        );
        trader.latestPrice();
        _push(MAX_PRICE);
        (, int256 price,) = trader.latestPrice();
        assertEq(price, MAX_PRICE, "upper bound inclusive");
        _push(MIN_PRICE);
        (, price,) = trader.latestPrice();
        assertEq(price, MIN_PRICE, "lower bound inclusive");
    }

    function test_RevertWhen_RoundZero() public {
        _swapOracle(address(new RoundZeroFeed()));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidRound.selector, uint80(0)));
        trader.latestPrice();
    }

    // ------------------------------------------------------------------ dispatch
    function test_Dispatch_ChargeAtNegativePrice() public {
        int256 price = -0.2 ether;
        uint80 r = _push(price);
        uint64 interval = trader.currentInterval();
        // 5 kW for 5 minutes = 416 Wh from the grid, 90 % stored = 374 Wh; the market pays 416 Wh * 0.2 ETH/MWh
        int256 value = int256(416) * 0.2 ether / 1e6;
        uint256 fundBefore = address(fund).balance;
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(
            id,
            interval,
            IEnergyTrader.Action.Charge,
            416,
            374,
            price,
            value,
            374,
            r,
            IEnergyTrader.ThresholdSource.Static
        );
        _dispatch(id);
        IEnergyTrader.BatteryState memory st = trader.batteryState(id);
        assertEq(st.stateOfChargeWh, 374);
        assertEq(st.intervalPlusOne, interval + 1);
        assertEq(st.profileId, 0);
        assertEq(st.inventoryCost, -value, "bought at a negative price: negative cost");
        assertEq(trader.lastDispatchedInterval(id), interval);
        assertEq(address(fund).balance, fundBefore + uint256(value));
    }

    function test_Dispatch_ChargeAtPositivePricePaysCeil() public {
        int256 price = 0.01 ether - 7;
        _push(price);
        uint256 before = address(fund).balance;
        _dispatch(id);
        uint256 paid = before - address(fund).balance;
        assertEq(paid, (416 * uint256(price) + 1e6 - 1) / 1e6);
        assertEq(trader.batteryState(id).inventoryCost, int112(int256(paid)));
        assertEq(fund.storedEnergyValue(), int256(paid));
    }

    function test_Dispatch_DischargeAtSpike() public {
        _chargeFull(id);
        assertEq(_soc(id), 13_500);
        _nextInterval();
        int256 price = 3.32 ether;
        uint80 r = _push(price);
        uint64 interval = trader.currentInterval();
        int256 value = int256(416) * price / 1e6;
        uint256 marketBefore = address(market).balance;
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(
            id,
            interval,
            IEnergyTrader.Action.Discharge,
            416,
            416,
            price,
            value,
            13_084,
            r,
            IEnergyTrader.ThresholdSource.Static
        );
        _dispatch(id);
        assertEq(_soc(id), 13_084);
        assertEq(address(market).balance, marketBefore - uint256(value));
    }

    function test_Dispatch_IdleUsesTheInterval() public {
        uint80 r = _push(0.02 ether);
        uint64 interval = trader.currentInterval();
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(
            id, interval, IEnergyTrader.Action.Idle, 0, 0, 0.02 ether, 0, 0, r, IEnergyTrader.ThresholdSource.Static
        );
        _dispatch(id);
        assertEq(trader.lastDispatchedInterval(id), interval);
    }

    /// @notice The preview is what a dispatch now would decide, and (Idle, 0) once dispatched or for an inactive
    ///         battery; it changes nothing.
    function test_PreviewDispatch() public {
        uint256 off = _addBattery(_config(bytes32("OFF")));
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("OFF"));
        c.active = false;
        vm.prank(admin);
        vpp.updateBattery(off, c);
        _push(CHARGE_BELOW);
        (IEnergyTrader.Action[] memory a, uint64[] memory wh) = trader.previewDispatch(_ids(id, off));
        assertEq(uint8(a[0]), uint8(IEnergyTrader.Action.Charge));
        assertEq(wh[0], 416);
        assertEq(uint8(a[1]), uint8(IEnergyTrader.Action.Idle));
        assertEq(wh[1], 0);
        assertEq(_soc(id), 0, "a preview changes nothing");
        _dispatch(id);
        assertEq(_soc(id), 374);
        (a, wh) = trader.previewDispatch(_ids(id));
        assertEq(uint8(a[0]), uint8(IEnergyTrader.Action.Idle), "already dispatched");
        assertEq(wh[0], 0);
        _nextInterval();
        vm.expectRevert();
        trader.previewDispatch(_ids(id)); // no price for the new interval yet: as dispatch would
    }

    function test_Dispatch_ThresholdsAreInclusive() public {
        _push(CHARGE_BELOW);
        _dispatch(id);
        assertEq(_soc(id), 374);
        _nextInterval();
        _push(DISCHARGE_ABOVE);
        _dispatch(id);
        assertEq(_soc(id), 0);
    }

    function test_Dispatch_Batch() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        _push(-0.1 ether);
        trader.dispatch(_ids(id, id2));
        assertEq(_soc(id), 374);
        assertEq(_soc(id2), 374);
    }

    function test_InitBatteryState_OnlyVppAndPrewarmed() public {
        IEnergyTrader.BatteryState memory st = trader.batteryState(id);
        assertEq(st.intervalPlusOne, 1, "pre-initialised at addBattery");
        assertEq(trader.lastDispatchedInterval(id), 0);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotVpp.selector, stranger));
        vm.prank(stranger);
        trader.initBatteryState(id);
    }

    // ------------------------------------------------------------------ skip reasons
    function test_Dispatch_SkipsAlreadyDispatched() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        _push(-0.1 ether);
        _dispatch(id);
        uint64 interval = trader.currentInterval();
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id, interval, IEnergyTrader.SkipReason.AlreadyDispatched, 0);
        _dispatch(id);
        assertEq(_soc(id), 374, "not dispatched twice");
        // a duplicate inside one batch: the first entry trades, the second is skipped
        vm.recordLogs();
        vm.prank(keeper);
        trader.dispatch(_ids(id2, id2));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(_soc(id2), 374);
        uint256 trades;
        uint256 skips;
        for (uint256 i; i < logs.length; i++) {
            if (logs[i].topics[0] == IEnergyTrader.Trade.selector) trades++;
            if (logs[i].topics[0] == IEnergyTrader.DispatchSkipped.selector) {
                skips++;
                assertEq(uint256(logs[i].topics[3]), uint256(IEnergyTrader.SkipReason.AlreadyDispatched));
            }
        }
        assertEq(trades, 1);
        assertEq(skips, 1);
    }

    function test_Dispatch_SkipsNotActive() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.active = false;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        uint256 gone = _addBattery(_config(bytes32("gone")));
        vm.prank(admin);
        vpp.decommissionBattery(gone);
        _push(-0.1 ether);
        uint64 interval = trader.currentInterval();
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (id, gone, 999);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id, interval, IEnergyTrader.SkipReason.NotActive, 0);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(gone, interval, IEnergyTrader.SkipReason.NotActive, 0);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(999, interval, IEnergyTrader.SkipReason.NotActive, 0);
        trader.dispatch(ids);
        assertEq(trader.lastDispatchedInterval(id), 0, "an inactive battery keeps its interval");
    }

    function test_Dispatch_SkipsWhenFundCannotPay() public {
        uint256 big = _bigBattery(30 ether, 40 ether);
        _push(20 ether); // 1 MWh at 20 ETH/MWh > the fund's 10 ETH
        uint64 interval = trader.currentInterval();
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(big, interval, IEnergyTrader.SkipReason.InsufficientFundBalance, -20 ether);
        trader.dispatch(_ids(big));
        assertEq(_soc(big), 0);
        assertEq(trader.lastDispatchedInterval(big), interval, "the interval counts as done");
    }

    function test_Dispatch_SkipsWhenMarketCannotPay() public {
        _chargeFull(id);
        vm.startPrank(owner);
        market.withdraw(payable(owner), address(market).balance);
        vm.stopPrank();
        _nextInterval();
        _push(1 ether);
        uint64 interval = trader.currentInterval();
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(
            id, interval, IEnergyTrader.SkipReason.InsufficientMarketBalance, int256(416) * 1 ether / 1e6
        );
        _dispatch(id);
        assertEq(_soc(id), 13_500);
    }

    function test_Dispatch_SettlementFailureIsolated() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("B3"));
        c.chargeBelowPrice = -1 ether; // idles at the price below
        uint256 idle = _addBattery(c);
        RevertingMarket bad = new RevertingMarket();
        vm.deal(address(bad), 100 ether); // it could pay: the failure is the market's revert, not its balance
        _swapMarket(address(bad));
        _nextInterval();
        uint80 r = _push(-0.1 ether);
        uint64 interval = trader.currentInterval();
        int256 value = int256(416) * 0.1 ether / 1e6;
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (id, id2, idle);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id, interval, IEnergyTrader.SkipReason.SettlementFailed, value);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id2, interval, IEnergyTrader.SkipReason.SettlementFailed, value);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(
            idle, interval, IEnergyTrader.Action.Idle, 0, 0, -0.1 ether, 0, 0, r, IEnergyTrader.ThresholdSource.Static
        );
        vm.prank(keeper);
        trader.dispatch(ids);
        assertEq(_soc(id), 0, "state kept");
        assertEq(_soc(id2), 0);
        assertEq(trader.lastDispatchedInterval(id), interval, "interval done");
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "not proposed again this interval");
    }

    function test_RevertWhen_DispatchEmptyTooLargeOrPaused() public {
        _push(-0.1 ether);
        vm.expectRevert(IEnergyTrader.EmptyBatch.selector);
        trader.dispatch(new uint256[](0));
        uint256[] memory ids = new uint256[](uint256(MAX_BATCH) + 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatchTooLarge.selector, uint256(MAX_BATCH) + 1, MAX_BATCH));
        trader.dispatch(ids);
        (, bytes memory data) = trader.checkUpkeep("");
        vm.prank(admin);
        vpp.pause();
        vm.expectRevert(IEnergyTrader.SystemIsPaused.selector);
        _dispatch(id);
        vm.expectRevert(IEnergyTrader.SystemIsPaused.selector);
        trader.performUpkeep(data);
    }

    function test_IntervalChange_NoDoubleDispatchAcrossTheBoundary() public {
        _push(-0.01 ether);
        _dispatch(id);
        uint64 n = trader.currentInterval();
        uint256 start = trader.intervalStart(n);
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 60;
        vm.prank(admin);
        trader.setTradingParams(p);
        uint64 soc = _soc(id);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id, n, IEnergyTrader.SkipReason.AlreadyDispatched, 0);
        _dispatch(id);
        assertEq(_soc(id), soc);
        vm.warp(start + INTERVAL);
        assertEq(trader.currentInterval(), n + 1);
        _push(-0.01 ether);
        _dispatch(id);
        assertEq(trader.lastDispatchedInterval(id), n + 1);
        // 60 s intervals: 5 kW x 60 s = 83 Wh, 74 stored
        assertEq(_soc(id), soc + 74);
        vm.warp(start + INTERVAL + 60);
        assertEq(trader.currentInterval(), n + 2);
        assertEq(trader.intervalStart(n + 2), start + INTERVAL + 60);
    }

    // ------------------------------------------------------------------ automation
    function test_CheckAndPerformUpkeep() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("B3"));
        c.active = false;
        uint256 id3 = _addBattery(c);
        _push(-0.1 ether);
        (bool needed, bytes memory data) = trader.checkUpkeep("");
        assertTrue(needed);
        (uint64 interval, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(interval, trader.currentInterval());
        assertEq(ids.length, 2);
        for (uint256 i; i < ids.length; i++) {
            assertTrue(ids[i] == id || ids[i] == id2);
            assertTrue(ids[i] != id3);
        }
        vm.prank(keeper);
        trader.performUpkeep(data);
        assertEq(_soc(id), 374);
        assertEq(_soc(id2), 374);
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed);
        vm.expectRevert(IEnergyTrader.UpkeepNotNeeded.selector);
        trader.performUpkeep(data);
    }

    function test_CheckUpkeep_FalseWhenPausedOrNoPrice() public {
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "no round this interval");
        _push(-0.1 ether);
        vm.prank(admin);
        vpp.pause();
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed, "paused");
    }

    function test_PerformUpkeep_SkipsAlreadyDispatched() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        _push(-0.1 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        _dispatch(id);
        trader.performUpkeep(data);
        assertEq(_soc(id), 374);
        assertEq(_soc(id2), 374);
    }

    function test_RevertWhen_PerformUpkeepForAPastInterval() public {
        _push(-0.1 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        _nextInterval();
        _push(-0.1 ether);
        vm.expectRevert(IEnergyTrader.UpkeepNotNeeded.selector);
        trader.performUpkeep(data);
    }

    function test_RevertWhen_PerformUpkeepBatchTooLarge() public {
        _push(-0.1 ether);
        uint256[] memory ids = new uint256[](uint256(MAX_BATCH) + 1);
        bytes memory data = abi.encode(trader.currentInterval(), ids);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatchTooLarge.selector, uint256(MAX_BATCH) + 1, MAX_BATCH));
        trader.performUpkeep(data);
    }

    function test_CheckUpkeep_RespectsMaxBatchSize() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 2;
        vm.prank(admin);
        trader.setTradingParams(p);
        _addBattery(_config(bytes32("B2")));
        _addBattery(_config(bytes32("B3")));
        _push(-0.1 ether);
        (bool needed, bytes memory data) = trader.checkUpkeep("");
        assertTrue(needed);
        (, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, 2);
        trader.performUpkeep(data);
        (needed, data) = trader.checkUpkeep("");
        assertTrue(needed);
        (, ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, 1);
        trader.performUpkeep(data);
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed);
    }

    /// @dev A large fleet partly dispatched by hand: the cursor window says no, the offset window finds the rest.
    function test_CheckUpkeep_OffsetWindowsOfALargeFleet() public {
        uint256 n = 1_100;
        for (uint256 i = 1; i < n; i++) {
            _addBattery(_config(bytes32(i)));
        }
        _push(0.02 ether); // idle: cheap
        assertEq(vpp.fleetSize(), n);
        for (uint256 off; off < 1_050; off += MAX_BATCH) {
            vm.prank(keeper);
            trader.dispatch(vpp.fleetBatteries(off, MAX_BATCH));
        }
        uint64 interval = trader.currentInterval();
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "documented: a single upkeep only sees its scan window");
        (needed,) = trader.checkUpkeep(abi.encode(uint256(0)));
        assertFalse(needed, "window 0 is done");
        bytes memory data;
        (needed, data) = trader.checkUpkeep(abi.encode(uint256(1_024)));
        assertTrue(needed);
        (uint64 dataInterval, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(dataInterval, interval);
        assertEq(ids.length, MAX_BATCH);
        uint256[] memory rest = vpp.fleetBatteries(1_050, MAX_BATCH);
        for (uint256 i; i < ids.length; i++) {
            assertEq(ids[i], rest[i]);
        }
        vm.prank(keeper);
        trader.performUpkeep(data);
        for (uint256 i; i < ids.length; i++) {
            assertEq(trader.lastDispatchedInterval(ids[i]), interval);
        }
        (needed,) = trader.checkUpkeep(abi.encode(uint256(1_024)));
        assertFalse(needed);
        (needed,) = trader.checkUpkeep(abi.encode(uint256(2_048)));
        assertFalse(needed, "offset past the fleet");
    }

    function test_CheckUpkeep_OffsetWindowDoesNotWrapAround() public {
        _addBattery(_config(bytes32("B2")));
        _addBattery(_config(bytes32("B3")));
        _push(0.02 ether);
        uint256 size = vpp.fleetSize();
        (bool needed, bytes memory data) = trader.checkUpkeep(abi.encode(size - 1));
        assertTrue(needed);
        (, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, 1);
        (needed, data) = trader.checkUpkeep(abi.encode(uint256(0)));
        (, ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, size);
    }

    function test_ActiveSet_SwapAndPopKeepsEveryActiveBattery() public {
        uint256 b = _addBattery(_config(bytes32("B")));
        uint256 c = _addBattery(_config(bytes32("C")));
        IVirtualPowerPlant.BatteryConfig memory off = _config();
        off.active = false;
        vm.prank(admin);
        vpp.updateBattery(id, off); // removes index 0: c moves there
        uint256[] memory page = IActiveFleetView(address(vpp)).activeFleetBatteries(0, 10);
        assertEq(page.length, 2);
        assertEq(page[0], c);
        assertEq(page[1], b);
        vm.prank(admin);
        vpp.updateBattery(id, _config()); // back at the end
        vm.prank(admin);
        vpp.decommissionBattery(b);
        page = IActiveFleetView(address(vpp)).activeFleetBatteries(0, 10);
        assertEq(page.length, 2);
        assertEq(page[0], c);
        assertEq(page[1], id);
        assertEq(IActiveFleetView(address(vpp)).activeFleetSize(), 2);
    }

    function test_RevertWhen_ThresholdsOutsideInt112() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.dischargeAbovePrice = int128(type(int112).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IVirtualPowerPlant.InvalidPriceThresholds.selector, c.chargeBelowPrice, c.dischargeAbovePrice
            )
        );
        vm.prank(admin);
        vpp.addBattery(c);
    }

    // ------------------------------------------------------------------ the rule
    struct Expected {
        IEnergyTrader.Action action;
        uint64 energy;
        uint64 stored;
        int256 value;
        uint64 socAfter;
    }

    function testFuzz_Dispatch_MatchesReferenceRule(int256 price, uint8 chargeSteps) public {
        price = bound(price, -1 ether, 1 ether);
        chargeSteps = uint8(bound(chargeSteps, 0, 40));
        for (uint256 i; i < chargeSteps; i++) {
            _push(-0.01 ether);
            _dispatch(id);
            _nextInterval();
        }
        uint80 r = _push(price);
        Expected memory x;
        (x.action, x.energy, x.stored, x.value, x.socAfter) = RefRule.quote(_state(id), price, INTERVAL);
        uint256 fundBefore = address(fund).balance;
        (IEnergyTrader.Action[] memory previewed, uint64[] memory previewedWh) = trader.previewDispatch(_ids(id));
        assertEq(uint8(previewed[0]), uint8(x.action), "preview action");
        assertEq(previewedWh[0], x.energy, "preview energy");
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(
            id,
            trader.currentInterval(),
            x.action,
            x.energy,
            x.stored,
            price,
            x.value,
            x.socAfter,
            r,
            IEnergyTrader.ThresholdSource.Static
        );
        _dispatch(id);
        assertEq(_soc(id), x.socAfter);
        assertEq(int256(address(fund).balance), int256(fundBefore) + x.value);
    }

    function _pending() internal view returns (EnergyTrader.Pending memory o, EnergyTrader.Pending memory m) {
        return EnergyTrader(address(trader)).pendingChanges();
    }
}

interface IActiveFleetView {
    function activeFleetSize() external view returns (uint256);
    function activeFleetBatteries(uint256 offset, uint256 limit) external view returns (uint256[] memory);
}
// forge-lint: disable-end(unsafe-typecast)
