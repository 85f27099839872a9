// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {console2} from "forge-std/console2.sol";
import {Base, RefRule} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";

/// @notice Replays one real market day through the whole system: 288 five-minute VIC1 regional reference prices
///         of 2024-02-13, pushed through the oracle and dispatched through the trader, checked interval by interval
///         against an independent reimplementation of the decision rule.
/// @dev Data: Source: AEMO, Aggregated price and demand data, VIC1 (data/aemo-vic1/2024-02-13.json).
///      The day has 25 negative intervals down to the market floor (-999.99 AUD/MWh) and a spike to 16,600 AUD/MWh.
///      Conversion at a fixed rate of 1 ETH = 5,000 AUD: wei/MWh = cents/MWh * 1e18 / (5,000 * 100).
contract AemoReplayTest is Base {
    uint256 internal constant AUD_PER_ETH = 5_000;

    struct Model {
        uint64 soc;
        uint256 charged;
        uint256 discharged;
        int256 value;
    }

    uint256[] internal fleet;
    Model[] internal model;
    int256 internal navStart;

    function setUp() public override {
        super.setUp();
        _invest(alice, 50 ether);
        // a home battery, a larger commercial one and a slow, lossy one with different thresholds (AUD/MWh -> wei/MWh)
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("PW2-VIC-0001"));
        c.chargeBelowPrice = _aud(50);
        c.dischargeAbovePrice = _aud(200);
        fleet.push(_addBattery(c));

        c = _config(bytes32("C&I-VIC-0002"));
        c.capacityWh = 200_000;
        c.maxChargeW = 100_000;
        c.maxDischargeW = 100_000;
        c.roundTripEfficiencyBps = 8_800;
        c.chargeBelowPrice = _aud(0);
        c.dischargeAbovePrice = _aud(150);
        fleet.push(_addBattery(c));

        c = _config(bytes32("LFP-VIC-0003"));
        c.capacityWh = 10_000;
        c.maxChargeW = 3_300;
        c.maxDischargeW = 2_000;
        c.roundTripEfficiencyBps = 8_000;
        c.chargeBelowPrice = _aud(80);
        c.dischargeAbovePrice = _aud(300);
        fleet.push(_addBattery(c));

        for (uint256 i; i < fleet.length; i++) {
            model.push(Model(0, 0, 0, 0));
        }
    }

    function _aud(int256 audPerMWh) internal pure returns (int128) {
        return int128(audPerMWh * 1e18 / int256(AUD_PER_ETH));
    }

    function _toWei(int256 cents) internal pure returns (int256) {
        return cents * 1e18 / int256(AUD_PER_ETH * 100);
    }

    function test_AemoReplay_Vic1_2024_02_13() public {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/../../data/aemo-vic1/2024-02-13.json"));
        uint256[] memory ends = vm.parseJsonUintArray(json, ".intervalEnd");
        int256[] memory cents = vm.parseJsonIntArray(json, ".rrpCentsPerMWh");
        assertEq(ends.length, 288);
        assertEq(cents.length, 288);

        uint256 negatives;
        int256 minCents = type(int256).max;
        int256 maxCents = type(int256).min;
        int256 expectedProfit;
        uint256 fundBalance = address(fund).balance;
        uint256 marketBalance = address(market).balance;
        navStart = fund.netAssetValue();

        for (uint256 i; i < ends.length; i++) {
            if (cents[i] < 0) negatives++;
            if (cents[i] < minCents) minCents = cents[i];
            if (cents[i] > maxCents) maxCents = cents[i];

            // the price of the interval ending at ends[i] applies during (ends[i] - 300, ends[i]]
            vm.warp(ends[i] - INTERVAL / 2);
            int256 price = _toWei(cents[i]);
            uint80 roundId = _push(price);
            uint64 interval = trader.currentInterval();
            assertEq(interval, (ends[i] - INTERVAL) / INTERVAL);

            vm.recordLogs();
            vm.prank(keeper);
            trader.dispatch(fleet);
            Vm.Log[] memory logs = vm.getRecordedLogs();

            int256 intervalValue;
            for (uint256 b; b < fleet.length; b++) {
                intervalValue += _step(b, price, interval, roundId, logs);
            }
            expectedProfit += intervalValue;
            fundBalance = uint256(int256(fundBalance) + intervalValue);
            marketBalance = uint256(int256(marketBalance) - intervalValue);
            assertEq(address(fund).balance, fundBalance, "fund balance");
            assertEq(address(market).balance, marketBalance, "market balance");
            // charging is not an expense: NAV moves only by realised profit (stored energy at cost)
            assertEq(fund.netAssetValue(), navStart + fund.realisedProfit(), "nav = start + realised");
        }

        assertEq(negatives, 25, "negative intervals");
        assertEq(minCents, -99_999, "floor");
        assertEq(maxCents, 1_660_000, "spike");

        // the day's trading made money and it can be paid out
        assertGt(expectedProfit, 0);
        int256 realised = fund.realisedProfit();
        assertGt(realised, 0);
        // realised = net cash flow + energy still stored at cost
        assertEq(realised, expectedProfit + fund.storedEnergyValue(), "realised");
        (, uint256 declared) = _declare(10_000);
        assertLe(declared, uint256(realised));
        vm.prank(alice);
        assertApproxEqAbs(fund.withdrawDividends(), declared, 1);

        for (uint256 b; b < fleet.length; b++) {
            console2.log("battery", fleet[b]);
            console2.log("  charged Wh", model[b].charged, "discharged Wh", model[b].discharged);
            console2.log("  net value wei", model[b].value);
        }
        console2.log("day profit (wei)", expectedProfit);
        console2.log("day profit (AUD cents)", expectedProfit * int256(AUD_PER_ETH * 100) / 1e18);
    }

    struct Expected {
        IEnergyTrader.Action action;
        uint64 energy;
        uint64 stored;
        int256 value;
        uint64 socAfter;
    }

    /// @dev Applies the reference rule to battery `b` and checks the chain agrees (state and Trade event).
    function _step(uint256 b, int256 price, uint64 interval, uint80 roundId, Vm.Log[] memory logs)
        internal
        returns (int256 value)
    {
        uint256 id = fleet[b];
        IVirtualPowerPlant.DispatchState memory s = vpp.dispatchState(id);
        s.stateOfChargeWh = model[b].soc; // the model's own state, not the chain's
        Expected memory x;
        (x.action, x.energy, x.stored, x.value, x.socAfter) = RefRule.quote(s, price, INTERVAL);

        assertEq(vpp.dispatchState(id).stateOfChargeWh, x.socAfter, "state of charge");
        assertEq(trader.lastDispatchedInterval(id), interval);
        assertLe(x.socAfter, s.capacityWh);

        bool seen;
        for (uint256 i; i < logs.length; i++) {
            Vm.Log memory l = logs[i];
            if (l.emitter != address(trader) || l.topics[0] != IEnergyTrader.Trade.selector) continue;
            if (uint256(l.topics[1]) != id) continue;
            seen = true;
            _checkTrade(l, x, interval, price, roundId);
        }
        assertTrue(seen, "Trade event");

        model[b].soc = x.socAfter;
        if (x.action == IEnergyTrader.Action.Charge) model[b].charged += x.energy;
        if (x.action == IEnergyTrader.Action.Discharge) model[b].discharged += x.energy;
        model[b].value += x.value;
        return x.value;
    }

    function _checkTrade(Vm.Log memory l, Expected memory x, uint64 interval, int256 price, uint80 roundId)
        internal
        pure
    {
        assertEq(uint64(uint256(l.topics[2])), interval);
        if (x.energy > 0) assertEq(uint256(l.topics[3]), uint256(x.action), "action");
        (uint64 e, uint64 st, int256 p, int256 val, uint64 soc, uint80 r) =
            abi.decode(l.data, (uint64, uint64, int256, int256, uint64, uint80));
        assertEq(e, x.energy, "energy");
        assertEq(st, x.stored, "stored");
        assertEq(p, price, "price");
        assertEq(val, x.value, "value");
        assertEq(soc, x.socAfter, "soc in event");
        assertEq(r, roundId, "round");
    }
}
// forge-lint: disable-end(unsafe-typecast)
