// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {console2} from "forge-std/console2.sol";
import {RefRule} from "./utils/Base.t.sol";
import {TableBase} from "./EnergyTraderTable.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";

/// @notice The AEMO VIC1 day of 2024-02-13 (288 real prices) replayed on the trader with strategy tables: a table
///         published before the day, a second one switching in at 13:00, an intraday block update at 15:00, and a
///         staleness bound that hands the last two hours back to the static thresholds. Every interval's trade is
///         checked against an independent model: the table rule written from the design note (block from the
///         interval's start, band, buffer selection, staleness) feeding the reference decision rule (RefRule).
/// @dev Data: Source: AEMO, Aggregated price and demand data, VIC1 (data/aemo-vic1/2024-02-13.json); 1 ETH = 5,000 AUD.
contract AemoReplayTableTest is TableBase {
    struct Buf {
        uint64 ef;
        uint64 vu;
        bytes32[48] blocks;
    }

    Buf[2] internal bufs;
    bool[2] internal used;
    uint256 internal battery;
    uint256 internal plain;
    uint32 internal pid;
    uint64 internal socModel;
    uint64 internal plainSocModel;
    uint256[4] internal sourceCount;
    uint256 internal tableCharges;
    uint256 internal tableDischarges;

    function setUp() public override {
        super.setUp();
        _invest(alice, 50 ether);
        battery = _addBattery(_config(bytes32("PW2-VIC-T1")));
        plain = _addBattery(_config(bytes32("PW2-VIC-S1")));
        pid = _profile(162, 9_000);
        _assign(battery, pid);
    }

    /// @dev A hand-made water-value table (AUD/MWh): cheap night and solar charging, evening discharge that keeps a
    ///      reserve in the low bands, and a version `v` that shifts the evening thresholds.
    function _dayTable(int16 eveningHi) internal pure returns (bytes32[48] memory t) {
        for (uint256 k; k < 48; k++) {
            bytes32 w;
            for (uint256 b; b < 8; b++) {
                int16 lo;
                int16 hi;
                if (k < 14) {
                    (lo, hi) = (b < 6 ? int16(60) : int16(20), 300);
                } else if (k < 20) {
                    (lo, hi) = (0, b >= 4 ? int16(120) : int16(200));
                } else if (k < 32) {
                    (lo, hi) = (30, 250);
                } else if (k < 42) {
                    (lo, hi) = (-100, b >= 2 ? eveningHi : int16(400));
                } else {
                    (lo, hi) = (40, 250);
                }
                w |= _lane(b, lo, hi);
            }
            t[k] = w;
        }
    }

    function _lane(uint256 b, int16 lo, int16 hi) internal pure returns (bytes32) {
        return bytes32((uint256(uint16(lo)) | (uint256(uint16(hi)) << 16)) << (32 * b));
    }

    function _publishModel(uint8 expected, uint64 ef, uint64 vu, bytes32[48] memory t) internal {
        assertEq(_publish(pid, ef, vu, t), expected);
        bufs[expected].ef = ef;
        bufs[expected].vu = vu;
        bufs[expected].blocks = t;
        used[expected] = true;
    }

    /// @dev The model of the table rule: (lo, hi, source) for the battery at `interval`.
    function _modelThresholds(uint64 interval, uint64 soc, IVirtualPowerPlant.DispatchState memory s)
        internal
        view
        returns (int128 lo, int128 hi, IEnergyTrader.ThresholdSource src)
    {
        int256 best = -1;
        uint256 which;
        for (uint256 i; i < 2; i++) {
            if (used[i] && bufs[i].ef <= interval && int256(uint256(bufs[i].ef)) > best) {
                best = int256(uint256(bufs[i].ef));
                which = i;
            }
        }
        if (best < 0 || interval > bufs[which].vu) {
            return (s.chargeBelowPrice, s.dischargeAbovePrice, IEnergyTrader.ThresholdSource.StaticFallback);
        }
        uint256 start = uint256(interval) * INTERVAL; // the schedule never changed
        uint256 blk = ((start + 36_000) % 86_400) / 1_800;
        uint256 band = soc * 8 / s.capacityWh;
        if (band > 7) band = 7;
        uint256 bits = uint256(bufs[which].blocks[blk]) >> (32 * band);
        lo = int128(int16(uint16(bits & 0xffff))) * int128(uint128(UNIT));
        hi = int128(int16(uint16((bits >> 16) & 0xffff))) * int128(uint128(UNIT));
        src = which == 0 ? IEnergyTrader.ThresholdSource.TableBuffer0 : IEnergyTrader.ThresholdSource.TableBuffer1;
    }

    function test_AemoReplay_TableDay_Vic1_2024_02_13() public {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/../../data/aemo-vic1/2024-02-13.json"));
        uint256[] memory ends = vm.parseJsonUintArray(json, ".intervalEnd");
        int256[] memory cents = vm.parseJsonIntArray(json, ".rrpCentsPerMWh");
        assertEq(ends.length, 288);
        uint64 first = uint64((ends[0] - INTERVAL) / INTERVAL);
        uint64 last = first + 287;
        vm.warp(ends[0] - INTERVAL);
        // table 1 for the whole day but stale for the last two hours; table 2 from 13:00 with a lower evening bar
        _publishModel(0, first, last - 24, _dayTable(150));
        int256 profit;
        for (uint256 i; i < ends.length; i++) {
            vm.warp(ends[i] - INTERVAL / 2);
            uint64 interval = trader.currentInterval();
            assertEq(interval, first + i);
            assertEq(trader.intervalStart(interval), uint256(interval) * INTERVAL);
            if (i == 100) _publishModel(1, first + 156, last - 24, _dayTable(100)); // 08:20: pending for 13:00
            if (i == 180) {
                // 15:00: re-publish the current block and the next (blocks 30, 31) of the active buffer (1)
                bytes32[] memory two = new bytes32[](2);
                two[0] = _word(45, 180);
                two[1] = _word(45, 180);
                vm.prank(strategist);
                assertEq(book.updateBlocks(pid, 30, two, uint32(last - 24)), 1);
                bufs[1].blocks[30] = two[0];
                bufs[1].blocks[31] = two[1];
            }
            int256 price = cents[i] * 1e18 / int256(AUD_PER_ETH_X100);
            uint80 r = _push(price);
            vm.recordLogs();
            vm.prank(keeper);
            trader.dispatch(_ids(battery, plain));
            Vm.Log[] memory logs = vm.getRecordedLogs();
            profit += _checkTableBattery(interval, price, r, logs);
            profit += _checkPlain(interval, price, r, logs);
        }
        assertGt(sourceCount[uint256(IEnergyTrader.ThresholdSource.TableBuffer0)], 0, "buffer 0 used");
        assertGt(sourceCount[uint256(IEnergyTrader.ThresholdSource.TableBuffer1)], 0, "buffer 1 used");
        assertEq(sourceCount[uint256(IEnergyTrader.ThresholdSource.StaticFallback)], 24, "last two hours stale");
        assertEq(sourceCount[uint256(IEnergyTrader.ThresholdSource.TableBuffer0)], 156, "until 13:00");
        assertGt(tableCharges, 0, "the table charged");
        assertGt(tableDischarges, 0, "the table discharged");
        assertEq(_soc(battery), socModel);
        assertEq(_soc(plain), plainSocModel);
        console2.log("table battery + static battery day cash flow (wei)", profit);
        console2.log("table battery charges / discharges", tableCharges, tableDischarges);
    }

    uint256 internal constant AUD_PER_ETH_X100 = 500_000;

    struct X {
        IEnergyTrader.Action a;
        uint64 e;
        uint64 st;
        int256 v;
        uint64 after_;
        IEnergyTrader.ThresholdSource src;
    }

    function _checkTableBattery(uint64 interval, int256 price, uint80 r, Vm.Log[] memory logs)
        internal
        returns (int256)
    {
        IVirtualPowerPlant.DispatchState memory s = vpp.dispatchState(battery);
        s.stateOfChargeWh = socModel;
        X memory x;
        (s.chargeBelowPrice, s.dischargeAbovePrice, x.src) = _modelThresholds(interval, socModel, s);
        (x.a, x.e, x.st, x.v, x.after_) = RefRule.quote(s, price, INTERVAL);
        _checkLog(logs, battery, interval, price, r, x);
        socModel = x.after_;
        sourceCount[uint256(x.src)]++;
        if (x.e > 0 && x.a == IEnergyTrader.Action.Charge) tableCharges++;
        if (x.e > 0 && x.a == IEnergyTrader.Action.Discharge) tableDischarges++;
        return x.v;
    }

    function _checkPlain(uint64 interval, int256 price, uint80 r, Vm.Log[] memory logs) internal returns (int256) {
        IVirtualPowerPlant.DispatchState memory s = vpp.dispatchState(plain);
        s.stateOfChargeWh = plainSocModel;
        X memory x;
        x.src = IEnergyTrader.ThresholdSource.Static;
        (x.a, x.e, x.st, x.v, x.after_) = RefRule.quote(s, price, INTERVAL);
        _checkLog(logs, plain, interval, price, r, x);
        plainSocModel = x.after_;
        return x.v;
    }

    function _checkLog(Vm.Log[] memory logs, uint256 who, uint64 interval, int256 price, uint80 r, X memory x)
        internal
        pure
    {
        bool seen;
        for (uint256 i; i < logs.length; i++) {
            Vm.Log memory l = logs[i];
            if (l.topics[0] != IEnergyTrader.Trade.selector || uint256(l.topics[1]) != who) continue;
            seen = true;
            assertEq(uint64(uint256(l.topics[2])), interval);
            // with no energy (full or empty) the chain may report the decided action or Idle
            if (x.e > 0) assertEq(uint256(l.topics[3]), uint256(x.a), "action");
            (uint64 e, uint64 st, int256 p, int256 v, uint64 soc, uint80 rid, IEnergyTrader.ThresholdSource src) =
                abi.decode(l.data, (uint64, uint64, int256, int256, uint64, uint80, IEnergyTrader.ThresholdSource));
            assertEq(e, x.e, "energy");
            assertEq(st, x.st, "stored");
            assertEq(p, price, "price");
            assertEq(v, x.v, "value");
            assertEq(soc, x.after_, "soc");
            assertEq(rid, r, "round");
            assertEq(uint256(src), uint256(x.src), "threshold source");
        }
        assertTrue(seen, "Trade event");
    }
}
// forge-lint: disable-end(unsafe-typecast)
