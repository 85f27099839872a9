// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base} from "../utils/Base.t.sol";
import {FundHandler} from "./FundHandler.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";

/// @notice System-wide invariants under random investing, trading, dividends and fleet changes.
contract FundInvariantTest is Base {
    FundHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new FundHandler(vpp, trader, oracle, owner, admin, reporter);
        // the handler pushes prices and the market pays out trading revenue
        vm.prank(owner);
        oracle.setReporter(reporter, true);
        // seed: a small fleet, some capital and a fresh price
        for (uint256 i; i < 3; i++) {
            _addBattery(_config(bytes32(i + 1)));
        }
        _push(0.02 ether);

        bytes4[] memory selectors = new bytes4[](16);
        selectors[0] = FundHandler.invest.selector;
        selectors[1] = FundHandler.transferShares.selector;
        selectors[2] = FundHandler.withdraw.selector;
        selectors[3] = FundHandler.declareDividend.selector;
        selectors[4] = FundHandler.returnCapital.selector;
        selectors[5] = FundHandler.purchaseBattery.selector;
        selectors[6] = FundHandler.withdrawVendor.selector;
        selectors[7] = FundHandler.addBattery.selector;
        selectors[8] = FundHandler.updateBattery.selector;
        selectors[9] = FundHandler.decommissionBattery.selector;
        selectors[10] = FundHandler.togglePause.selector;
        selectors[11] = FundHandler.pushPrice.selector;
        selectors[12] = FundHandler.warp.selector;
        selectors[13] = FundHandler.dispatch.selector;
        selectors[14] = FundHandler.dispatch.selector; // trading twice as likely
        selectors[15] = FundHandler.invest.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_FundHoldsWhatItOwes() public view {
        assertGe(address(fund).balance, fund.totalOwed());
        assertEq(fund.freeBalance(), address(fund).balance - fund.totalOwed());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_WithdrawnNeverExceedsDeclared() public view {
        assertLe(fund.totalDividendsWithdrawn(), fund.totalDividendsDeclared() + fund.totalCapitalReturned());
        assertEq(fund.totalDividendsWithdrawn(), handler.ghostWithdrawn());
        assertEq(fund.totalDividendsDeclared() + fund.totalCapitalReturned(), handler.ghostDeclared());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_AccumulativeDividendIsProRata() public view {
        uint256 n = handler.actorCount();
        uint256 tolerance = handler.ghostDeclarations() + 1;
        uint256 sum;
        for (uint256 i; i < n; i++) {
            address a = handler.actors(i);
            uint256 got = fund.accumulativeDividendOf(a);
            assertApproxEqAbs(got, handler.ghostDividendOf(a), tolerance);
            assertEq(fund.withdrawableDividendOf(a) + fund.withdrawnDividendOf(a), got);
            sum += got;
        }
        assertLe(sum, handler.ghostDeclared());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_TotalSupplyIsSumOfBalances() public view {
        uint256 n = handler.actorCount();
        uint256 sum;
        for (uint256 i; i < n; i++) {
            sum += shares.balanceOf(handler.actors(i));
        }
        assertEq(shares.totalSupply(), sum);
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_EtherIsConserved() public view {
        // every wei in the fund is accounted for: capital in, trading cash flow, dividends and vendors out
        assertEq(
            int256(address(fund).balance),
            int256(fund.totalInvested()) + fund.tradingProfit() - int256(fund.totalDividendsWithdrawn())
                - int256(handler.ghostVendorPaid())
        );
        assertEq(fund.totalInvested(), handler.ghostInvested());
        assertEq(
            int256(address(market).balance) - int256(MARKET_LIQUIDITY), -fund.tradingProfit(), "market mirrors fund"
        );
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 50
    function invariant_StateOfChargeWithinCapacity() public view {
        uint256 n = vpp.batteryCount();
        uint256 live;
        for (uint256 id = 1; id <= n; id++) {
            IVirtualPowerPlant.DispatchState memory s = vpp.dispatchState(id);
            assertLe(s.stateOfChargeWh, s.capacityWh);
            if (s.status != IVirtualPowerPlant.BatteryStatus.Decommissioned) live++;
        }
        assertEq(vpp.fleetSize(), live);
        for (uint256 i; i < live; i++) {
            uint256 id = vpp.fleetBatteryAt(i);
            assertTrue(vpp.dispatchState(id).status != IVirtualPowerPlant.BatteryStatus.Decommissioned);
        }
    }
}
// forge-lint: disable-end(unsafe-typecast)
