// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../src/interfaces/IEnergyPriceOracle.sol";
import {IGridMarket} from "../src/interfaces/IGridMarket.sol";

/// @notice A contract an admin is tricked into calling (tx.origin phishing).
contract Phisher {
    function addBattery(IVirtualPowerPlant vpp, IVirtualPowerPlant.BatteryConfig calldata c) external {
        vpp.addBattery(c);
    }
}

/// @notice One named test per flaw of the 2019 original, each of which would catch its return.
contract Regressions2019Test is Base {
    // ------------------------------------------------------------------ admin-check bypass
    function test_Regression_AdminCheckBypass() public {
        // tx.origin is never trusted: an admin lured into calling a contract does not lend it admin rights
        Phisher p = new Phisher();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, address(p)));
        vm.prank(admin, admin);
        p.addBattery(vpp, _config());
        // a stranger impersonating the owner's tx.origin gets nothing either
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger, owner);
        vpp.addBattery(_config());
        // a removed admin loses every right at once, on every contract
        vm.prank(owner);
        vpp.removeAdmin(admin);
        assertFalse(vpp.isAdmin(admin));
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, admin));
        vm.prank(admin);
        fund.declareDividend(10_000);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, admin));
        vm.prank(admin);
        trader.setTradingParams(_params());
        // the zero address is never an admin
        assertFalse(vpp.isAdmin(address(0)));
    }

    // ------------------------------------------------------------------ missing access control
    function test_Regression_MissingAccessControl() public {
        uint256 id = _addBattery();
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotTrader.selector, stranger));
        vpp.recordDispatch(id, 1, 13_500);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotFund.selector, stranger));
        vpp.registerPurchasedBattery(_config(), stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotTrader.selector, stranger));
        fund.settleTrade(id, 1, 1 ether, address(market));
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.NotReporter.selector, stranger));
        oracle.submitPrice(100 ether);
        vm.expectRevert(abi.encodeWithSelector(IGridMarket.NotAuthorizedFund.selector, stranger));
        market.payFund(1 ether);
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        market.withdraw(payable(stranger), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, stranger));
        trader.setPriceOracle(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        fund.purchaseBattery(stranger, 1, _config());
        vm.stopPrank();
        assertEq(_soc(id), 0);
    }

    // ------------------------------------------------------------------ dividends paid from principal
    function test_Regression_DividendsNotPaidFromPrincipal() public {
        _invest(alice, 10 ether);
        _invest(bob, 10 ether);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
        _earn(1 ether);
        (, uint256 amount) = _declare(10_000);
        assertEq(amount, 1 ether, "only earnings");
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
        assertEq(fund.freeBalance(), 20 ether, "principal untouched");
        assertEq(fund.netAssetValue(), 20 ether);
        // a trading loss is covered before anything more is distributed
        _lose(0.5 ether);
        _earn(0.4 ether);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
    }

    // ------------------------------------------------------------------ the same dividend credited twice
    function test_Regression_SameDividendNotCreditedTwice() public {
        _invest(alice, 1 ether);
        _invest(bob, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        vm.prank(alice);
        uint256 first = fund.withdrawDividends();
        assertApproxEqAbs(first, 0.5 ether, 1);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        vm.prank(alice);
        fund.withdrawDividends();
        // moving the shares after withdrawing does not let them be paid again
        vm.prank(alice);
        assertTrue(shares.transfer(carol, 1 ether));
        assertEq(fund.withdrawableDividendOf(carol), 0);
        vm.prank(carol);
        assertTrue(shares.transfer(alice, 1 ether));
        assertEq(fund.withdrawableDividendOf(alice), 0);
        assertEq(fund.accumulativeDividendOf(alice), first);
        // nor does moving unclaimed ones: they stay with bob
        vm.prank(bob);
        assertTrue(shares.transfer(carol, 1 ether));
        assertEq(fund.withdrawableDividendOf(carol), 0);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), 0.5 ether, 1);
        assertLe(fund.accumulativeDividendOf(alice) + fund.accumulativeDividendOf(bob), 1 ether);
    }

    // ------------------------------------------------------------------ dividend cycle freeze
    function test_Regression_DividendCycleDoesNotFreeze() public {
        _invest(alice, 1 ether);
        _invest(bob, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        // nobody has withdrawn: a new dividend can still be declared, and again
        _earn(1 ether);
        (uint256 id2,) = _declare(10_000);
        _earn(1 ether);
        (uint256 id3,) = _declare(10_000);
        assertEq(id3, id2 + 1);
        assertEq(fund.dividendCount(), 3);
        // only alice withdraws; declarations keep working and bob keeps everything he is owed
        vm.prank(alice);
        fund.withdrawDividends();
        _earn(1 ether);
        _declare(10_000);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), 2 ether, 4);
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 0.5 ether, 4);
        // new investors can join between declarations too
        _invest(carol, 1 ether);
        _earn(1 ether);
        _declare(10_000);
    }

    // ------------------------------------------------------------------ charge/discharge direction
    function test_Regression_ChargeDischargeDirection() public {
        _invest(alice, 10 ether);
        uint256 id = _addBattery();
        // cheap (positive) power: the battery charges and the fund pays
        _nextInterval();
        _push(0.005 ether);
        uint256 fundBefore = address(fund).balance;
        _dispatch(id);
        assertEq(_soc(id), 374, "charging raises the state of charge");
        assertLt(address(fund).balance, fundBefore, "charging at a positive price costs");
        // dear power: the battery discharges and the fund is paid
        _nextInterval();
        _push(1 ether);
        fundBefore = address(fund).balance;
        _dispatch(id);
        assertEq(_soc(id), 0, "discharging lowers the state of charge");
        assertGt(address(fund).balance, fundBefore, "discharging at a positive price earns");
        // negative power: charging earns
        _nextInterval();
        _push(-0.1 ether);
        fundBefore = address(fund).balance;
        _dispatch(id);
        assertEq(_soc(id), 374);
        assertGt(address(fund).balance, fundBefore, "charging at a negative price earns");
    }

    // ------------------------------------------------------------------ decommission corrupting the index
    function test_Regression_DecommissionKeepsFleetIndex() public {
        uint256[] memory ids = new uint256[](7);
        for (uint256 i; i < ids.length; i++) {
            ids[i] = _addBattery(_config(bytes32(i + 100)));
        }
        // middle, then first, then last
        vm.startPrank(admin);
        vpp.decommissionBattery(ids[3]);
        vpp.decommissionBattery(ids[0]);
        vpp.decommissionBattery(ids[6]);
        vm.stopPrank();

        assertEq(vpp.fleetSize(), 4);
        assertEq(vpp.batteryCount(), 7);
        bool[8] memory seen;
        for (uint256 i; i < vpp.fleetSize(); i++) {
            uint256 id = vpp.fleetBatteryAt(i);
            assertTrue(id != ids[0] && id != ids[3] && id != ids[6], "decommissioned battery still listed");
            assertFalse(seen[id], "listed twice");
            seen[id] = true;
        }
        uint256[] memory page = vpp.fleetBatteries(0, 100);
        assertEq(page.length, 4);
        // every battery is still addressable by id with its own data
        for (uint256 i; i < ids.length; i++) {
            IVirtualPowerPlant.Battery memory b = vpp.battery(ids[i]);
            assertEq(b.config.serial, bytes32(i + 100));
            bool gone = i == 0 || i == 3 || i == 6;
            assertEq(
                uint8(b.status),
                uint8(gone ? IVirtualPowerPlant.BatteryStatus.Decommissioned : IVirtualPowerPlant.BatteryStatus.Active)
            );
            if (!gone) assertTrue(seen[ids[i]], "live battery missing from the fleet");
        }
        // and the remaining fleet still dispatches and updates
        _nextInterval();
        _push(-0.1 ether);
        vm.prank(keeper);
        trader.dispatch(page);
        for (uint256 i; i < page.length; i++) {
            assertEq(_soc(page[i]), 374);
        }
        vm.prank(admin);
        vpp.updateBattery(ids[5], _config(bytes32("renamed")));
        assertEq(vpp.battery(ids[5]).config.serial, bytes32("renamed"));
    }

    // ------------------------------------------------------------------ unbounded loops
    function _gasOf(address who, uint256 value, address target, bytes memory data) internal returns (uint256 used) {
        vm.deal(who, who.balance + value);
        vm.prank(who);
        uint256 g = gasleft();
        (bool ok,) = target.call{value: value}(data);
        used = g - gasleft();
        assertTrue(ok);
    }

    struct Costs {
        uint256 declare;
        uint256 invest;
        uint256 transfer;
        uint256 withdraw;
    }

    /// @dev The same sequence with `n` extra investors; only the measured calls' gas is returned.
    function _costsWith(uint256 n) internal returns (Costs memory c) {
        uint256 snap = vm.snapshotState();
        _invest(alice, 1 ether + 7);
        for (uint256 i; i < n; i++) {
            _invest(address(uint160(0x10000 + i)), 1 ether + 3);
        }
        _earn(1 ether + 11);
        _declare(5_000); // warm-up: every accumulator is non-zero from here on
        _earn(1 ether + 13);
        c.declare = _gasOf(admin, 0, address(fund), abi.encodeCall(IEnergyInvestmentFund.declareDividend, (3_333)));
        c.invest = _gasOf(bob, 1 ether, address(fund), abi.encodeCall(IEnergyInvestmentFund.invest, ()));
        c.transfer = _gasOf(alice, 0, address(fund), abi.encodeCall(IERC20.transfer, (carol, 0.5 ether)));
        c.withdraw = _gasOf(alice, 0, address(fund), abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()));
        vm.revertToState(snap);
    }

    function test_Regression_GasIsBoundedByInvestorCount() public {
        Costs memory few = _costsWith(0);
        Costs memory many = _costsWith(300);
        assertApproxEqAbs(many.declare, few.declare, 2_000, "declareDividend is O(1)");
        assertApproxEqAbs(many.invest, few.invest, 2_000, "invest is O(1)");
        assertApproxEqAbs(many.transfer, few.transfer, 2_000, "share transfer is O(1)");
        assertApproxEqAbs(many.withdraw, few.withdraw, 2_000, "withdraw is O(1)");
    }

    function test_Regression_DispatchGasIsLinearPerBattery() public {
        _invest(alice, 10 ether);
        uint256[] memory all = new uint256[](40);
        for (uint256 i; i < all.length; i++) {
            all[i] = _addBattery(_config(bytes32(i + 1)));
        }
        _nextInterval();
        _push(-0.1 ether);
        uint256 one = _gasOf(keeper, 0, address(trader), abi.encodeCall(IEnergyTrader.dispatch, (_ids(all[0]))));
        uint256[] memory rest = new uint256[](39);
        for (uint256 i; i < rest.length; i++) {
            rest[i] = all[i + 1];
        }
        uint256 many = _gasOf(keeper, 0, address(trader), abi.encodeCall(IEnergyTrader.dispatch, (rest)));
        // the per-battery cost of a batch never exceeds a lone dispatch: no hidden loop over the fleet
        assertLe(many / rest.length, one);
        // and a batch is capped
        uint256[] memory tooMany = new uint256[](uint256(MAX_BATCH) + 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.BatchTooLarge.selector, tooMany.length, MAX_BATCH));
        trader.dispatch(tooMany);
    }

    // ------------------------------------------------------------------ counter underflow
    function test_Regression_CounterUnderflow() public {
        uint256 admins = vpp.adminCount();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAnAdmin.selector, stranger));
        vm.prank(owner);
        vpp.removeAdmin(stranger);
        vm.prank(owner);
        vpp.removeAdmin(admin);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAnAdmin.selector, admin));
        vm.prank(owner);
        vpp.removeAdmin(admin);
        assertEq(vpp.adminCount(), admins - 1);

        vm.prank(owner);
        uint256 id = vpp.addBattery(_config());
        vm.prank(owner);
        vpp.decommissionBattery(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryIsDecommissioned.selector, id));
        vm.prank(owner);
        vpp.decommissionBattery(id);
        assertEq(vpp.fleetSize(), 0);
        assertEq(vpp.batteryCount(), 1);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.IndexOutOfBounds.selector, 0, 0));
        vpp.fleetBatteryAt(0);
        assertEq(vpp.fleetBatteries(0, 10).length, 0);

        // owed and withdrawn counters never wrap
        _invest(alice, 1 ether);
        _earn(1 ether);
        vm.prank(owner);
        fund.declareDividend(10_000);
        vm.prank(alice);
        fund.withdrawDividends();
        assertLe(fund.totalOwed(), 1);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        vm.prank(alice);
        fund.withdrawDividends();
        assertLe(fund.totalDividendsWithdrawn(), fund.totalDividendsDeclared());
    }

    // ------------------------------------------------------------------ missing or unindexed events
    struct Expect {
        bytes32 sig;
        uint256 topics;
        string name;
    }

    function _expected() internal pure returns (Expect[] memory e) {
        e = new Expect[](30);
        e[0] = Expect(IVirtualPowerPlant.AdminAdded.selector, 3, "AdminAdded");
        e[1] = Expect(IVirtualPowerPlant.AdminRemoved.selector, 3, "AdminRemoved");
        e[2] = Expect(IVirtualPowerPlant.SystemPaused.selector, 2, "SystemPaused");
        e[3] = Expect(IVirtualPowerPlant.SystemUnpaused.selector, 2, "SystemUnpaused");
        e[4] = Expect(IVirtualPowerPlant.SystemDeployed.selector, 4, "SystemDeployed");
        e[5] = Expect(IVirtualPowerPlant.BatteryAdded.selector, 4, "BatteryAdded");
        e[6] = Expect(IVirtualPowerPlant.BatteryUpdated.selector, 3, "BatteryUpdated");
        e[7] = Expect(IVirtualPowerPlant.BatteryDecommissioned.selector, 3, "BatteryDecommissioned");
        e[8] = Expect(IVirtualPowerPlant.StateOfChargeUpdated.selector, 3, "StateOfChargeUpdated");
        e[9] = Expect(IEnergyInvestmentFund.Invested.selector, 2, "Invested");
        e[10] = Expect(IEnergyInvestmentFund.DividendDeclared.selector, 4, "DividendDeclared");
        e[11] = Expect(IEnergyInvestmentFund.DividendWithdrawn.selector, 3, "DividendWithdrawn");
        e[12] = Expect(IEnergyInvestmentFund.BatteryPurchased.selector, 4, "BatteryPurchased");
        e[13] = Expect(IEnergyInvestmentFund.VendorPaymentWithdrawn.selector, 3, "VendorPaymentWithdrawn");
        e[14] = Expect(IEnergyInvestmentFund.TradeSettled.selector, 3, "TradeSettled");
        e[15] = Expect(IEnergyTrader.Trade.selector, 4, "Trade");
        e[16] = Expect(IEnergyTrader.DispatchSkipped.selector, 4, "DispatchSkipped");
        e[17] = Expect(IEnergyTrader.TradingParamsUpdated.selector, 2, "TradingParamsUpdated");
        e[18] = Expect(IEnergyTrader.PriceOracleUpdated.selector, 4, "PriceOracleUpdated");
        e[19] = Expect(IEnergyTrader.GridMarketUpdated.selector, 4, "GridMarketUpdated");
        e[20] = Expect(IEnergyPriceOracle.AnswerUpdated.selector, 3, "AnswerUpdated");
        e[21] = Expect(IEnergyPriceOracle.NewRound.selector, 3, "NewRound");
        e[22] = Expect(IEnergyPriceOracle.ReporterUpdated.selector, 4, "ReporterUpdated");
        e[23] = Expect(IGridMarket.MarketFunded.selector, 2, "MarketFunded");
        e[24] = Expect(IGridMarket.MarketWithdrawn.selector, 3, "MarketWithdrawn");
        e[25] = Expect(IGridMarket.FundAuthorized.selector, 4, "FundAuthorized");
        e[26] = Expect(IGridMarket.PaidFund.selector, 2, "PaidFund");
        e[27] = Expect(IGridMarket.ReceivedFromFund.selector, 2, "ReceivedFromFund");
        e[28] = Expect(IERC20.Transfer.selector, 3, "Transfer");
        e[29] = Expect(IERC20.Approval.selector, 3, "Approval");
    }

    function test_Regression_EventsEmittedAndIndexed() public {
        vm.recordLogs();
        // a fresh system, wired like the deploy script
        setUp();
        _scenario();
        Vm.Log[] memory logs = vm.getRecordedLogs();

        Expect[] memory e = _expected();
        for (uint256 k; k < e.length; k++) {
            uint256 count;
            for (uint256 i; i < logs.length; i++) {
                if (logs[i].topics.length == 0 || logs[i].topics[0] != e[k].sig) continue;
                count++;
                assertEq(logs[i].topics.length, e[k].topics, string.concat(e[k].name, ": indexed topics"));
            }
            assertGt(count, 0, string.concat(e[k].name, ": never emitted"));
        }
    }

    function _scenario() internal {
        vm.startPrank(owner);
        vpp.addAdmin(carol);
        vpp.removeAdmin(carol);
        vpp.pause();
        vpp.unpause();
        vm.stopPrank();

        _invest(alice, 10 ether);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, _config(bytes32("P1")));
        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(vendor));
        uint256 id = _addBattery();
        vm.prank(admin);
        vpp.updateBattery(id, _config(bytes32("U1")));
        uint256 gone = _addBattery();
        vm.prank(admin);
        vpp.decommissionBattery(gone);

        _nextInterval();
        _push(-0.1 ether); // charge at a negative price: the market pays the fund
        _dispatch(id);
        _nextInterval();
        _push(0.005 ether); // charge at a positive price: the fund pays the market
        _dispatch(id);
        _nextInterval();
        _push(1 ether); // discharge
        _dispatch(id);
        _declare(10_000);
        vm.prank(alice);
        fund.withdrawDividends();

        // a skipped dispatch: the market runs dry
        _chargeFull(id);
        vm.startPrank(owner);
        market.withdraw(payable(owner), address(market).balance);
        vm.stopPrank();
        _nextInterval();
        _push(1 ether);
        _dispatch(id);

        vm.prank(alice);
        shares.approve(bob, 1 ether);
        vm.prank(bob);
        assertTrue(shares.transferFrom(alice, bob, 1 ether));

        vm.startPrank(owner);
        trader.setTradingParams(_params());
        trader.setPriceOracle(address(oracle));
        trader.setGridMarket(address(market));
        vm.stopPrank();
    }
}
// forge-lint: disable-end(unsafe-typecast)
