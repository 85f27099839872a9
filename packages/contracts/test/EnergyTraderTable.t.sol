// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast small fixed values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IStrategyBook} from "../src/interfaces/IStrategyBook.sol";
import {StrategyTable} from "../src/libraries/StrategyTable.sol";

/// @notice Shared helpers for trader tests that use strategy tables (1 unit = 1 AUD/MWh at 5,000 AUD/ETH).
abstract contract TableBase is Base {
    uint64 internal constant UNIT = 2e14;
    int16 internal constant NEVER_LO = type(int16).min;
    int16 internal constant NEVER_HI = type(int16).max;
    address internal strategist = makeAddr("strategist");
    IStrategyBook internal book;

    function setUp() public virtual override {
        super.setUp();
        book = IStrategyBook(address(trader));
    }

    function _word(int16 lo, int16 hi) internal pure returns (bytes32 w) {
        for (uint256 b; b < 8; b++) {
            w |= StrategyTable.packBand(b, lo, hi);
        }
    }

    function _table(int16 lo, int16 hi) internal pure returns (bytes32[48] memory t) {
        bytes32 w = _word(lo, hi);
        for (uint256 k; k < 48; k++) {
            t[k] = w;
        }
    }

    function _profile(uint16 durationMinutes, uint16 eff) internal returns (uint32 pid) {
        vm.prank(owner);
        pid = book.createProfile(strategist, durationMinutes, eff);
    }

    function _assign(uint256 batteryId, uint32 pid) internal {
        vm.prank(admin);
        book.setBatteryProfile(batteryId, pid);
    }

    function _publish(uint32 pid, uint64 ef, uint64 vu, bytes32[48] memory t) internal returns (uint8) {
        vm.prank(strategist);
        return book.publishTable(pid, uint32(ef), uint32(vu), UNIT, t);
    }

    function _aud(int256 a) internal pure returns (int256) {
        return a * int256(uint256(UNIT));
    }

    function _blockNow() internal view returns (uint256) {
        return StrategyTable.blockAt(trader.intervalStart(trader.currentInterval()));
    }
}

/// @notice The trader with the strategy book: roles, battery assignment, and table-driven dispatch.
contract EnergyTraderTableTest is TableBase {
    uint256 internal id;
    uint32 internal pid;

    function setUp() public override {
        super.setUp();
        id = _addBattery(); // 13.5 kWh / 5 kW (162 min), 90 %; static 50 / 200 AUD
        _invest(alice, 10 ether);
        pid = _profile(162, 9_000);
        _nextInterval();
    }

    function _expectTrade(
        uint256 batteryId,
        IEnergyTrader.Action a,
        uint64 e,
        uint64 st,
        int256 price,
        int256 v,
        uint64 soc,
        uint80 r,
        IEnergyTrader.ThresholdSource src
    ) internal {
        vm.expectEmit(true, true, true, true, address(trader));
        emit IEnergyTrader.Trade(batteryId, trader.currentInterval(), a, e, st, price, v, soc, r, src);
    }

    // ------------------------------------------------------------------ roles and assignment
    function test_Profiles_OwnerOnly() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        book.createProfile(strategist, 60, 9_000);
        vm.expectEmit(true, true, false, true, address(trader));
        emit IStrategyBook.ProfileCreated(2, strategist, 60, 9_000);
        _profile(60, 9_000);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, admin));
        vm.prank(admin);
        book.setStrategist(pid, admin);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IStrategyBook.StrategistUpdated(pid, strategist, stranger);
        vm.prank(owner);
        book.setStrategist(pid, stranger);
        assertEq(book.profile(pid).strategist, stranger);
    }

    function test_SetBatteryProfile_Checks() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, stranger));
        vm.prank(stranger);
        book.setBatteryProfile(id, pid);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.BatteryNotAssignable.selector, 99));
        vm.prank(admin);
        book.setBatteryProfile(99, pid);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.UnknownProfile.selector, uint32(7)));
        vm.prank(admin);
        book.setBatteryProfile(id, 7);
        uint32 twoHours = _profile(120, 9_000);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.ProfileKindMismatch.selector, id, twoHours, 162, 9_000));
        vm.prank(admin);
        book.setBatteryProfile(id, twoHours);
        uint32 lossy = _profile(162, 8_000);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.ProfileKindMismatch.selector, id, lossy, 162, 9_000));
        vm.prank(admin);
        book.setBatteryProfile(id, lossy);

        vm.expectEmit(true, true, true, true, address(trader));
        emit IStrategyBook.BatteryProfileSet(id, 0, pid);
        _assign(id, pid); // the owner-appointed admin
        assertEq(book.batteryProfile(id), pid);
        IEnergyTrader.BatteryState memory st = trader.batteryState(id);
        assertEq(st.profileId, pid, "kept in the packed state");
        assertEq(st.intervalPlusOne, 1, "the rest of the slot untouched");
        vm.expectEmit(true, true, true, true, address(trader));
        emit IStrategyBook.BatteryProfileSet(id, pid, 0);
        vm.prank(owner);
        book.setBatteryProfile(id, 0);
        assertEq(trader.batteryState(id).profileId, 0);

        uint256 gone = _addBattery(_config(bytes32("gone")));
        vm.prank(admin);
        vpp.decommissionBattery(gone);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.BatteryNotAssignable.selector, gone));
        vm.prank(admin);
        book.setBatteryProfile(gone, pid);
    }

    function test_Publish_UsesTraderIntervals() public {
        uint64 n = trader.currentInterval();
        bytes32[48] memory t = _table(0, 100);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, pid, stranger));
        vm.prank(stranger);
        book.publishTable(pid, uint32(n), uint32(n), UNIT, t);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.EffectiveFromInPast.selector, uint32(n - 1), uint256(n)));
        vm.prank(strategist);
        book.publishTable(pid, uint32(n - 1), uint32(n), UNIT, t);
        vm.expectEmit(true, true, true, true, address(trader));
        emit IStrategyBook.TablePublished(pid, 0, uint32(n), uint32(n + 3), UNIT, keccak256(abi.encodePacked(t)));
        _publish(pid, n, n + 3, t);
        (bool found, uint8 buffer, bool stale) = book.activeBuffer(pid, n);
        assertTrue(found);
        assertEq(buffer, 0);
        assertFalse(stale);
    }

    // ------------------------------------------------------------------ table-driven dispatch
    function test_Dispatch_BufferSwitchAtTheExactInterval() public {
        _assign(id, pid);
        uint64 n = trader.currentInterval();
        assertEq(_publish(pid, n, n + 10, _table(NEVER_LO, NEVER_HI)), 0); // idle everywhere
        assertEq(_publish(pid, n + 1, n + 10, _table(100, NEVER_HI)), 1); // charge at <= 100 AUD from n + 1
        int256 price = _aud(60); // the static rule (<= 50 AUD) would idle
        uint80 r = _push(price);
        _expectTrade(id, IEnergyTrader.Action.Idle, 0, 0, price, 0, 0, r, IEnergyTrader.ThresholdSource.TableBuffer0);
        _dispatch(id);
        // last second of n: still buffer 0
        vm.warp(trader.intervalStart(n + 1) - 1);
        (, uint8 b,) = book.activeBuffer(pid, trader.currentInterval());
        assertEq(b, 0);
        vm.warp(trader.intervalStart(n + 1));
        r = _push(price);
        int256 cost = -((416 * price + 1e6 - 1) / 1e6);
        _expectTrade(
            id, IEnergyTrader.Action.Charge, 416, 374, price, cost, 374, r, IEnergyTrader.ThresholdSource.TableBuffer1
        );
        _dispatch(id);
    }

    function test_Dispatch_StaleTableFallsBackToStatic() public {
        uint256 plain = _addBattery(_config(bytes32("plain")));
        _assign(id, pid);
        uint64 n = trader.currentInterval();
        int256 price = _aud(60);
        // no table yet: static, flagged as a fallback (the battery has a profile)
        uint80 r = _push(price);
        _expectTrade(id, IEnergyTrader.Action.Idle, 0, 0, price, 0, 0, r, IEnergyTrader.ThresholdSource.StaticFallback);
        _expectTrade(plain, IEnergyTrader.Action.Idle, 0, 0, price, 0, 0, r, IEnergyTrader.ThresholdSource.Static);
        vm.prank(keeper);
        trader.dispatch(_ids(id, plain));

        _nextInterval();
        _publish(pid, n + 1, n + 1, _table(100, NEVER_HI)); // fresh for one interval only
        r = _push(price);
        int256 cost = -((416 * price + 1e6 - 1) / 1e6);
        _expectTrade(
            id, IEnergyTrader.Action.Charge, 416, 374, price, cost, 374, r, IEnergyTrader.ThresholdSource.TableBuffer0
        );
        _dispatch(id);

        _nextInterval(); // n + 2 > validUntil: stale -> static (idle at 60 AUD)
        r = _push(price);
        _expectTrade(
            id, IEnergyTrader.Action.Idle, 0, 0, price, 0, 374, r, IEnergyTrader.ThresholdSource.StaticFallback
        );
        _dispatch(id);
        (bool found,, bool stale) = book.activeBuffer(pid, n + 2);
        assertTrue(found && stale);

        _nextInterval(); // an update revives the stale table (intraday validity heartbeat)
        vm.prank(strategist);
        book.updateBlocks(pid, 0, new bytes32[](0), uint32(n + 10));
        r = _push(price);
        _expectTrade(
            id, IEnergyTrader.Action.Charge, 416, 374, price, cost, 748, r, IEnergyTrader.ThresholdSource.TableBuffer0
        );
        _dispatch(id);
    }

    function test_Dispatch_BandChangesAsSocMoves() public {
        // 8 kWh / 24 kW (20 min), lossless: 2 kWh per 5-minute charge = two bands per interval
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("fast"));
        c.capacityWh = 8_000;
        c.maxChargeW = 24_000;
        c.maxDischargeW = 24_000;
        c.roundTripEfficiencyBps = 10_000;
        uint256 fast = _addBattery(c);
        uint32 fastPid = _profile(20, 10_000);
        _assign(fast, fastPid);
        int16[8] memory lo;
        int16[8] memory hi;
        for (uint256 b; b < 8; b++) {
            lo[b] = int16(int256(100 - 10 * b)); // 100, 90, ..., 30 AUD
            hi[b] = NEVER_HI;
        }
        bytes32 w;
        for (uint256 b; b < 8; b++) {
            w |= StrategyTable.packBand(b, lo[b], hi[b]);
        }
        bytes32[48] memory t;
        for (uint256 k; k < 48; k++) {
            t[k] = w;
        }
        uint64 n = trader.currentInterval();
        _publish(fastPid, n, n + 100, t);
        int256 price = _aud(75); // charges in bands 0..2 (100, 90, 80), idles from band 3 (70)
        int256 cost = -((2_000 * price + 1e6 - 1) / 1e6);
        IEnergyTrader.ThresholdSource src = IEnergyTrader.ThresholdSource.TableBuffer0;

        uint80 r = _push(price); // soc 0: band 0
        _expectTrade(fast, IEnergyTrader.Action.Charge, 2_000, 2_000, price, cost, 2_000, r, src);
        _dispatch(fast);
        _nextInterval();
        r = _push(price); // soc 2000: band 2
        (int256 l,, bool fromTable) = book.thresholdsFor(fastPid, trader.currentInterval(), 2_000, 8_000);
        assertEq(l, _aud(80));
        assertTrue(fromTable);
        _expectTrade(fast, IEnergyTrader.Action.Charge, 2_000, 2_000, price, cost, 4_000, r, src);
        _dispatch(fast);
        _nextInterval();
        r = _push(price); // soc 4000: band 4 (60 AUD): idle although the price did not move
        _expectTrade(fast, IEnergyTrader.Action.Idle, 0, 0, price, 0, 4_000, r, src);
        _dispatch(fast);
    }

    /// @dev After an interval-length change, interval * intervalSeconds is not the interval's start; the block comes
    ///      from intervalStart(interval) and the table published before the change stays valid (same numbering).
    function test_Dispatch_BlockFromIntervalStartAfterLengthChange() public {
        _assign(id, pid);
        uint64 n = trader.currentInterval();
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 600;
        vm.prank(admin);
        trader.setTradingParams(p);
        uint64 m = n + 7; // the 6th 600-s interval after the boundary
        uint256 start = trader.intervalStart(m);
        assertEq(start, trader.intervalStart(n) + INTERVAL + 6 * 600);
        uint256 real = StrategyTable.blockAt(start);
        uint256 naive = StrategyTable.blockOf(m, 600);
        assertTrue(real != naive, "the two rules disagree here");
        bytes32[48] memory t = _table(NEVER_LO, NEVER_HI);
        t[real] = _word(100, NEVER_HI);
        _publish(pid, n, n + 1_000, t);

        vm.warp(start);
        assertEq(trader.currentInterval(), m);
        int256 price = _aud(60);
        uint80 r = _push(price);
        (int256 l,, bool fromTable) = book.thresholdsFor(pid, m, 0, 13_500);
        assertEq(l, _aud(100));
        assertTrue(fromTable);
        // 5 kW x 600 s = 833 Wh, 749 stored
        int256 cost = -((833 * price + 1e6 - 1) / 1e6);
        _expectTrade(
            id, IEnergyTrader.Action.Charge, 833, 749, price, cost, 749, r, IEnergyTrader.ThresholdSource.TableBuffer0
        );
        _dispatch(id);
        // 1,800 s later is the next block (not the charging one): idle at the same price
        vm.warp(trader.intervalStart(m) + 1_800);
        assertEq(_blockNow(), (real + 1) % 48);
        _push(price);
        _dispatch(id);
        assertEq(_soc(id), 749, "idle outside the charging block");
    }

    function test_UpdateBlocks_IntradayChangesTheCurrentDecision() public {
        _assign(id, pid);
        uint64 n = trader.currentInterval();
        _publish(pid, n, n + 100, _table(NEVER_LO, NEVER_HI));
        uint256 blk = _blockNow();
        bytes32[] memory one = new bytes32[](1);
        one[0] = _word(100, NEVER_HI);
        vm.expectEmit(true, true, false, true, address(trader));
        emit IStrategyBook.BlocksUpdated(pid, 0, uint8(blk), 1, uint32(n + 100), keccak256(abi.encodePacked(one)));
        vm.prank(strategist);
        book.updateBlocks(pid, uint8(blk), one, uint32(n + 100));
        int256 price = _aud(60);
        uint80 r = _push(price);
        int256 cost = -((416 * price + 1e6 - 1) / 1e6);
        _expectTrade(
            id, IEnergyTrader.Action.Charge, 416, 374, price, cost, 374, r, IEnergyTrader.ThresholdSource.TableBuffer0
        );
        _dispatch(id);
    }

    function test_PerformUpkeep_MixedSources() public {
        uint256 plain = _addBattery(_config(bytes32("plain")));
        _assign(id, pid);
        uint64 n = trader.currentInterval();
        _publish(pid, n, n + 5, _table(100, NEVER_HI));
        _push(_aud(60));
        (, bytes memory data) = trader.checkUpkeep("");
        vm.prank(keeper);
        trader.performUpkeep(data);
        assertEq(_soc(id), 374, "table: charge at 60 AUD");
        assertEq(_soc(plain), 0, "static: idle at 60 AUD");
    }
}
// forge-lint: disable-end(unsafe-typecast)
