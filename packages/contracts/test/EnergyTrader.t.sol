// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Base, RefRule} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";

/// @notice A feed that answers with round 0 (never a valid Chainlink round).
contract RoundZeroFeed {
    function decimals() external pure returns (uint8) {
        return 18;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (0, 1, block.timestamp, block.timestamp, 0);
    }

    function getRoundData(uint80) external view returns (uint80, int256, uint256, uint256, uint80) {
        return (0, 1, block.timestamp, block.timestamp, 0);
    }
}

contract EnergyTraderTest is Base {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _addBattery();
        _invest(alice, 10 ether);
    }

    // ------------------------------------------------------------------ parameters
    function test_SetTradingParams() public {
        IEnergyTrader.TradingParams memory p = IEnergyTrader.TradingParams(900, 1800, -5 ether, 50 ether, 10);
        vm.expectEmit(true, false, false, true, address(trader));
        emit IEnergyTrader.TradingParamsUpdated(admin, 900, 1800, -5 ether, 50 ether, 10);
        vm.prank(admin);
        trader.setTradingParams(p);
        IEnergyTrader.TradingParams memory q = trader.tradingParams();
        assertEq(q.intervalSeconds, 900);
        assertEq(q.maxPriceAge, 1800);
        assertEq(q.minValidPrice, -5 ether);
        assertEq(q.maxValidPrice, 50 ether);
        assertEq(q.maxBatchSize, 10);
        assertEq(trader.currentInterval(), block.timestamp / 900);
    }

    function test_RevertWhen_SetTradingParamsByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, stranger));
        vm.prank(stranger);
        trader.setTradingParams(_params());
    }

    function test_RevertWhen_SetTradingParamsZeroInterval() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 0;
        vm.expectRevert(IEnergyTrader.InvalidTradingParams.selector);
        vm.prank(admin);
        trader.setTradingParams(p);
    }

    function test_RevertWhen_SetTradingParamsInvertedBounds() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.minValidPrice = p.maxValidPrice;
        vm.expectRevert(IEnergyTrader.InvalidTradingParams.selector);
        vm.prank(admin);
        trader.setTradingParams(p);
    }

    function test_RevertWhen_SetTradingParamsZeroBatch() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 0;
        vm.expectRevert(IEnergyTrader.InvalidTradingParams.selector);
        vm.prank(admin);
        trader.setTradingParams(p);
    }

    function test_SetPriceOracle() public {
        address n = makeAddr("newOracle");
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.PriceOracleUpdated(address(oracle), n, owner);
        vm.prank(owner);
        trader.setPriceOracle(n);
        assertEq(address(trader.priceOracle()), n);
    }

    function test_RevertWhen_SetPriceOracleByAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.setPriceOracle(admin);
    }

    function test_RevertWhen_SetPriceOracleZero() public {
        vm.expectRevert(IEnergyTrader.ZeroAddress.selector);
        vm.prank(owner);
        trader.setPriceOracle(address(0));
    }

    function test_SetGridMarket() public {
        address n = makeAddr("newMarket");
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.GridMarketUpdated(address(market), n, owner);
        vm.prank(owner);
        trader.setGridMarket(n);
        assertEq(trader.gridMarket(), n);
    }

    function test_RevertWhen_SetGridMarketByAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        trader.setGridMarket(admin);
    }

    function test_RevertWhen_SetGridMarketZero() public {
        vm.expectRevert(IEnergyTrader.ZeroAddress.selector);
        vm.prank(owner);
        trader.setGridMarket(address(0));
    }

    // ------------------------------------------------------------------ price validation
    function test_LatestPrice() public {
        uint80 r = _push(0.05 ether);
        (uint80 roundId, int256 price, uint256 updatedAt) = trader.latestPrice();
        assertEq(roundId, r);
        assertEq(price, 0.05 ether);
        assertEq(updatedAt, block.timestamp);
        vm.warp(block.timestamp + MAX_PRICE_AGE);
        trader.latestPrice(); // exactly maxPriceAge old is still fresh
    }

    function test_RevertWhen_PriceStale() public {
        _push(0.05 ether);
        uint256 t = block.timestamp;
        vm.warp(t + MAX_PRICE_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.StalePrice.selector, t, t + MAX_PRICE_AGE + 1, uint256(MAX_PRICE_AGE))
        );
        trader.latestPrice();
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.StalePrice.selector, t, t + MAX_PRICE_AGE + 1, uint256(MAX_PRICE_AGE))
        );
        trader.dispatch(_ids(id));
    }

    function test_RevertWhen_PriceAboveMax() public {
        _push(int256(MAX_PRICE) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceOutOfBounds.selector, int256(MAX_PRICE) + 1, MIN_PRICE, MAX_PRICE)
        );
        trader.dispatch(_ids(id));
    }

    function test_RevertWhen_PriceBelowMin() public {
        _push(int256(MIN_PRICE) - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyTrader.PriceOutOfBounds.selector, int256(MIN_PRICE) - 1, MIN_PRICE, MAX_PRICE)
        );
        trader.latestPrice();
    }

    function test_LatestPrice_BoundsAreInclusive() public {
        _push(MAX_PRICE);
        (, int256 price,) = trader.latestPrice();
        assertEq(price, MAX_PRICE);
        _push(MIN_PRICE);
        (, price,) = trader.latestPrice();
        assertEq(price, MIN_PRICE);
    }

    function test_CheckUpkeep_FalseWhenPausedOrStale() public {
        _nextInterval();
        _push(-0.1 ether);
        vm.prank(admin);
        vpp.pause();
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "paused");
        vm.prank(owner);
        vpp.unpause();
        vm.warp(block.timestamp + MAX_PRICE_AGE + 1);
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed, "stale price");
    }

    function test_RevertWhen_PerformUpkeepForAPastInterval() public {
        _nextInterval();
        _push(-0.1 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        _nextInterval();
        _push(-0.1 ether);
        vm.expectRevert(IEnergyTrader.UpkeepNotNeeded.selector);
        trader.performUpkeep(data);
    }

    function test_Dispatch_NewInvestorGetsNoPastDividend() public {
        _chargeFull(id);
        _nextInterval();
        _push(1 ether);
        _dispatch(id);
        _declare(10_000);
        _invest(bob, 1 ether);
        assertEq(fund.accumulativeDividendOf(bob), 0);
        assertGt(fund.withdrawableDividendOf(alice), 0);
    }

    function test_RevertWhen_RoundZero() public {
        RoundZeroFeed feed = new RoundZeroFeed();
        vm.prank(owner);
        trader.setPriceOracle(address(feed));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidRound.selector, uint80(0)));
        trader.latestPrice();
    }

    // ------------------------------------------------------------------ dispatch
    function test_Dispatch_ChargeAtNegativePrice() public {
        _nextInterval();
        int256 price = -0.2 ether;
        uint80 r = _push(price);
        uint64 interval = trader.currentInterval();
        assertEq(interval, block.timestamp / INTERVAL);
        // 5 kW for 5 minutes = 416 Wh from the grid, 90 % stored = 374 Wh; the market pays 416 Wh * 0.2 ETH/MWh
        int256 value = int256(416) * 0.2 ether / 1e6;
        uint256 fundBefore = address(fund).balance;

        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(id, interval, IEnergyTrader.Action.Charge, 416, 374, price, value, 374, r);
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.StateOfChargeUpdated(id, interval, 374);
        _dispatch(id);

        assertEq(_soc(id), 374);
        assertEq(trader.lastDispatchedInterval(id), interval);
        assertEq(address(fund).balance, fundBefore + uint256(value));
        assertEq(fund.tradingProfit(), value);
    }

    function test_Dispatch_ChargeAtPositivePricePaysCeil() public {
        _nextInterval();
        int256 price = 0.01 ether + 1; // above chargeBelow: idle
        _push(price);
        _dispatch(id);
        assertEq(_soc(id), 0);

        _nextInterval();
        price = 0.01 ether - 7; // charge, fund pays ceil(416 * price / 1e6)
        _push(price);
        uint256 before = address(fund).balance;
        _dispatch(id);
        uint256 paid = before - address(fund).balance;
        assertEq(paid, (416 * uint256(price) + 1e6 - 1) / 1e6);
        assertEq(fund.tradingProfit(), -int256(paid));
    }

    function test_Dispatch_DischargeAtSpike() public {
        _chargeFull(id);
        assertEq(_soc(id), 13_500);
        _nextInterval();
        int256 price = 3.32 ether; // 16,600 AUD/MWh at 1 ETH = 5,000 AUD
        uint80 r = _push(price);
        uint64 interval = trader.currentInterval();
        int256 value = int256(416) * price / 1e6;
        uint256 marketBefore = address(market).balance;
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(id, interval, IEnergyTrader.Action.Discharge, 416, 416, price, value, 13_084, r);
        _dispatch(id);
        assertEq(_soc(id), 13_084);
        assertEq(address(market).balance, marketBefore - uint256(value));
    }

    function test_Dispatch_DischargeAtNegativePriceCostsTheFund() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.chargeBelowPrice = -2 ether;
        c.dischargeAbovePrice = -1 ether - 1;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        vm.prank(address(trader));
        vpp.recordDispatch(id, 0, 1_000);
        _nextInterval();
        int256 price = -1 ether + 3;
        _push(price);
        uint256 before = address(fund).balance;
        _dispatch(id);
        // the fund pays ceil(416 * |price| / 1e6)
        assertEq(before - address(fund).balance, (416 * uint256(-price) + 1e6 - 1) / 1e6);
        assertEq(_soc(id), 584);
    }

    function test_Dispatch_Idle() public {
        _nextInterval();
        uint80 r = _push(0.02 ether);
        uint64 interval = trader.currentInterval();
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(id, interval, IEnergyTrader.Action.Idle, 0, 0, 0.02 ether, 0, 0, r);
        _dispatch(id);
        assertEq(trader.lastDispatchedInterval(id), interval);
    }

    function test_Dispatch_ThresholdsAreInclusive() public {
        _nextInterval();
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
        _nextInterval();
        _push(-0.1 ether);
        trader.dispatch(_ids(id, id2));
        assertEq(_soc(id), 374);
        assertEq(_soc(id2), 374);
    }

    function test_RevertWhen_DispatchTwiceInInterval() public {
        _nextInterval();
        _push(-0.1 ether);
        _dispatch(id);
        uint64 interval = trader.currentInterval();
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.AlreadyDispatched.selector, id, interval));
        _dispatch(id);
        // also within one batch
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        _nextInterval();
        _push(-0.1 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.AlreadyDispatched.selector, id2, interval + 1));
        trader.dispatch(_ids(id2, id2));
    }

    function test_RevertWhen_DispatchInactive() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.active = false;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        _push(-0.1 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatteryNotDispatchable.selector, id));
        _dispatch(id);
    }

    function test_RevertWhen_DispatchDecommissioned() public {
        vm.prank(admin);
        vpp.decommissionBattery(id);
        _push(-0.1 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatteryNotDispatchable.selector, id));
        _dispatch(id);
    }

    function test_RevertWhen_DispatchEmptyBatch() public {
        _push(-0.1 ether);
        vm.expectRevert(IEnergyTrader.EmptyBatch.selector);
        trader.dispatch(new uint256[](0));
    }

    function test_RevertWhen_DispatchBatchTooLarge() public {
        _push(-0.1 ether);
        uint256[] memory ids = new uint256[](uint256(MAX_BATCH) + 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatchTooLarge.selector, uint256(MAX_BATCH) + 1, MAX_BATCH));
        trader.dispatch(ids);
    }

    function test_RevertWhen_DispatchPaused() public {
        _push(-0.1 ether);
        vm.prank(admin);
        vpp.pause();
        vm.expectRevert(IEnergyTrader.SystemIsPaused.selector);
        _dispatch(id);
    }

    function test_Dispatch_SkipsWhenFundCannotPay() public {
        // a second fund-less system state: spend all free ether on a battery purchase
        vm.prank(admin);
        fund.purchaseBattery(vendor, 10 ether, _config(bytes32("B2")));
        assertEq(fund.freeBalance(), 0);
        _nextInterval();
        _push(0.005 ether);
        uint64 interval = trader.currentInterval();
        int256 value = -((416 * int256(0.005 ether)) / 1e6);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.DispatchSkipped(id, interval, IEnergyTrader.SkipReason.InsufficientFundBalance, value);
        _dispatch(id);
        assertEq(_soc(id), 0);
        assertEq(address(fund).balance, 10 ether);
        assertEq(fund.totalOwed(), 10 ether, "vendor still owed in full");
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

    // ------------------------------------------------------------------ automation
    function test_CheckAndPerformUpkeep() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("B3"));
        c.active = false;
        uint256 id3 = _addBattery(c);
        _nextInterval();
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

    function test_PerformUpkeep_SkipsAlreadyDispatched() public {
        uint256 id2 = _addBattery(_config(bytes32("B2")));
        _nextInterval();
        _push(-0.1 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        _dispatch(id);
        trader.performUpkeep(data);
        assertEq(_soc(id), 374);
        assertEq(_soc(id2), 374);
    }

    function test_CheckUpkeep_RespectsMaxBatchSize() public {
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 2;
        vm.prank(admin);
        trader.setTradingParams(p);
        _addBattery(_config(bytes32("B2")));
        _addBattery(_config(bytes32("B3")));
        _nextInterval();
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
    }

    /// @dev The spec: checkUpkeep returns the next batch of active batteries not yet dispatched this interval. A
    ///      large fleet partly dispatched by hand (dispatch() is permissionless) must not hide the rest from keepers.
    ///      A single upkeep with empty checkData only sees its scan window from the cursor (documented limit); an
    ///      upkeep registered with checkData = abi.encode(uint256(1024)) sees the second window.
    function test_CheckUpkeep_FindsBatteriesAfterManualDispatchOfALargeFleet() public {
        uint256 n = 1_100;
        for (uint256 i = 1; i < n; i++) {
            _addBattery(_config(bytes32(i)));
        }
        _nextInterval();
        _push(0.02 ether); // idle: cheap to dispatch
        uint256 size = vpp.fleetSize();
        assertEq(size, n);
        // an operator dispatches the first 1,050 fleet entries by hand
        for (uint256 off; off < 1_050; off += MAX_BATCH) {
            vm.prank(keeper);
            trader.dispatch(vpp.fleetBatteries(off, MAX_BATCH));
        }
        uint64 interval = trader.currentInterval();
        // empty checkData: the cursor-based window [0, 1024) is fully dispatched, so it may (and here does) say no
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed, "documented: a single upkeep only sees its scan window");
        // the first window's upkeep agrees: nothing left in [0, 1024)
        (needed,) = trader.checkUpkeep(abi.encode(uint256(0)));
        assertFalse(needed, "window 0 is done");

        // the second window's upkeep finds the 50 batteries still waiting
        bytes memory data;
        (needed, data) = trader.checkUpkeep(abi.encode(uint256(1_024)));

        assertTrue(needed, "50 active batteries are still undispatched this interval");
        (uint64 dataInterval, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(dataInterval, interval);
        assertEq(ids.length, MAX_BATCH);
        uint256[] memory rest = vpp.fleetBatteries(1_050, MAX_BATCH);
        for (uint256 i; i < ids.length; i++) {
            assertEq(ids[i], rest[i]);
            assertTrue(trader.lastDispatchedInterval(ids[i]) != interval, "not dispatched yet");
        }

        vm.prank(keeper);
        trader.performUpkeep(data);
        for (uint256 i; i < ids.length; i++) {
            assertEq(trader.lastDispatchedInterval(ids[i]), interval, "dispatched by the upkeep");
        }
        // every window is now done
        (needed,) = trader.checkUpkeep(abi.encode(uint256(1_024)));
        assertFalse(needed);
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed);
        // an offset past the fleet: nothing to do
        (needed,) = trader.checkUpkeep(abi.encode(uint256(2_048)));
        assertFalse(needed);
    }

    function test_CheckUpkeep_OffsetWindowDoesNotWrapAround() public {
        _addBattery(_config(bytes32("B2")));
        _addBattery(_config(bytes32("B3")));
        _nextInterval();
        _push(0.02 ether);
        uint256 size = vpp.fleetSize();
        // an offset at the last entry only returns that entry, never the ones below it
        (bool needed, bytes memory data) = trader.checkUpkeep(abi.encode(size - 1));
        assertTrue(needed);
        (, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, 1);
        assertEq(ids[0], vpp.fleetBatteries(size - 1, 1)[0]);
        // offset 0 sees the whole (small) fleet
        (needed, data) = trader.checkUpkeep(abi.encode(uint256(0)));
        assertTrue(needed);
        (, ids) = abi.decode(data, (uint64, uint256[]));
        assertEq(ids.length, size);
    }

    // ------------------------------------------------------------------ the rule
    function _boundState(uint64 cap, uint64 soc, uint64 maxC, uint64 maxD, uint16 eff, int128 cb, int128 da)
        internal
        pure
        returns (IVirtualPowerPlant.DispatchState memory s)
    {
        s.status = IVirtualPowerPlant.BatteryStatus.Active;
        s.capacityWh = uint64(bound(cap, 1, 1e12));
        s.stateOfChargeWh = uint64(bound(soc, 0, s.capacityWh));
        s.maxChargeW = uint64(bound(maxC, 0, 1e12));
        s.maxDischargeW = uint64(bound(maxD, 0, 1e12));
        s.roundTripEfficiencyBps = uint16(bound(eff, 1, 10_000));
        s.chargeBelowPrice = int128(bound(cb, -1e24, 1e24));
        s.dischargeAbovePrice = int128(bound(da, int256(s.chargeBelowPrice) + 1, 1e24 + 1));
    }

    function testFuzz_Quote_MatchesReferenceRule(
        uint64 cap,
        uint64 soc,
        uint64 maxC,
        uint64 maxD,
        uint16 eff,
        int128 cb,
        int128 da,
        int256 price,
        uint32 intervalSeconds
    ) public view {
        IVirtualPowerPlant.DispatchState memory s = _boundState(cap, soc, maxC, maxD, eff, cb, da);
        price = bound(price, -1e24, 1e24);
        intervalSeconds = uint32(bound(intervalSeconds, 1, 86_400));

        (IEnergyTrader.Action a, uint64 e, uint64 st, int256 v, uint64 after_) = trader.quote(s, price, intervalSeconds);
        (IEnergyTrader.Action ra, uint64 re, uint64 rst, int256 rv, uint64 rafter) =
            RefRule.quote(s, price, intervalSeconds);

        assertEq(e, re, "energyWh");
        assertEq(st, rst, "storedDeltaWh");
        assertEq(v, rv, "value");
        assertEq(after_, rafter, "stateOfChargeAfterWh");
        if (re > 0) assertEq(uint8(a), uint8(ra), "action");
        else assertTrue(a == ra || a == IEnergyTrader.Action.Idle, "action with no energy");
    }

    function testFuzz_Quote_EnergyBounds(
        uint64 cap,
        uint64 soc,
        uint64 maxC,
        uint64 maxD,
        uint16 eff,
        int128 cb,
        int128 da,
        int256 price,
        uint32 intervalSeconds
    ) public view {
        IVirtualPowerPlant.DispatchState memory s = _boundState(cap, soc, maxC, maxD, eff, cb, da);
        price = bound(price, -1e24, 1e24);
        intervalSeconds = uint32(bound(intervalSeconds, 1, 86_400));
        (IEnergyTrader.Action a, uint64 e, uint64 st, int256 v, uint64 after_) = trader.quote(s, price, intervalSeconds);

        assertLe(after_, s.capacityWh, "SoC <= capacity");
        if (a == IEnergyTrader.Action.Charge) {
            assertLe(price, s.chargeBelowPrice);
            assertLe(uint256(e), uint256(s.maxChargeW) * intervalSeconds / 3600, "energy <= power x time");
            assertLe(uint256(st) * 10_000, uint256(e) * s.roundTripEfficiencyBps, "efficiency loss");
            assertLe(st, e);
            assertEq(after_, s.stateOfChargeWh + st);
            // receipts floor, payments ceil: the fund never gets more than exact
            assertLe(v * 1e6, -int256(uint256(e)) * price);
            assertGt(v * 1e6, -int256(uint256(e)) * price - 1e6);
        } else if (a == IEnergyTrader.Action.Discharge) {
            assertGe(price, s.dischargeAbovePrice);
            assertLe(uint256(e), uint256(s.maxDischargeW) * intervalSeconds / 3600, "energy <= power x time");
            assertLe(e, s.stateOfChargeWh);
            assertEq(after_, s.stateOfChargeWh - e);
            assertLe(v * 1e6, int256(uint256(e)) * price);
            assertGt(v * 1e6, int256(uint256(e)) * price - 1e6);
            if (price < 0) assertLe(v, 0, "negative price: discharging costs");
        } else {
            assertEq(e, 0);
            assertEq(v, 0);
            assertEq(after_, s.stateOfChargeWh);
        }
        if (a == IEnergyTrader.Action.Charge && price < 0) assertGe(v, 0, "negative price: charging earns");
    }

    struct Expected {
        IEnergyTrader.Action action;
        uint64 energyWh;
        uint64 storedWh;
        int256 value;
        uint64 socAfter;
    }

    function testFuzz_Dispatch_MatchesQuote(int256 price, uint64 startSoc) public {
        price = bound(price, -1 ether, 1 ether);
        startSoc = uint64(bound(startSoc, 0, 13_500));
        vm.prank(address(trader));
        vpp.recordDispatch(id, 0, startSoc);
        _nextInterval();
        uint80 r = _push(price);
        Expected memory x;
        (x.action, x.energyWh, x.storedWh, x.value, x.socAfter) = RefRule.quote(_state(id), price, INTERVAL);
        uint256 fundBefore = address(fund).balance;
        uint256 marketBefore = address(market).balance;

        vm.recordLogs();
        _dispatch(id);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(_soc(id), x.socAfter);
        assertEq(int256(address(fund).balance), int256(fundBefore) + x.value);
        assertEq(int256(address(market).balance), int256(marketBefore) - x.value);
        bool seen;
        for (uint256 i; i < logs.length; i++) {
            if (logs[i].emitter != address(trader) || logs[i].topics[0] != IEnergyTrader.Trade.selector) continue;
            seen = true;
            _checkTrade(logs[i], x, price, r);
        }
        assertTrue(seen, "Trade emitted");
    }

    function _checkTrade(Vm.Log memory log, Expected memory x, int256 price, uint80 r) internal view {
        assertEq(uint256(log.topics[1]), id);
        if (x.energyWh > 0) assertEq(uint256(log.topics[3]), uint256(x.action));
        (uint64 e, uint64 st, int256 p, int256 v, uint64 soc, uint80 roundId) =
            abi.decode(log.data, (uint64, uint64, int256, int256, uint64, uint80));
        assertEq(e, x.energyWh);
        assertEq(st, x.storedWh);
        assertEq(p, price);
        assertEq(v, x.value);
        assertEq(soc, x.socAfter);
        assertEq(roundId, r);
    }
}
// forge-lint: disable-end(unsafe-typecast)
