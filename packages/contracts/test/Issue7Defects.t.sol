// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;
// forge-lint: disable-start(unsafe-typecast)
import {Base} from "./utils/Base.t.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";

contract Feed8 {
    function decimals() external pure returns (uint8) {
        return 8;
    }
}

/// @notice Market that reverts on anything but a plain deposit (a market-side failure other than a short balance).
contract BrokenMarket {
    receive() external payable {}

    function payFund(uint256) external pure {
        revert("broken");
    }

    function receivePayment() external payable {
        revert("broken");
    }
}

/// @notice Issue 7: one regression per defect (the pre-fix proofs of concept are in .notes/fund-poc-pre-fix*).
contract Issue7DefectsTest is Base {
    function _bigBattery() internal returns (uint256) {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 1_000_000;
        c.maxChargeW = 12_000_000;
        c.maxDischargeW = 12_000_000;
        c.roundTripEfficiencyBps = 10_000;
        c.chargeBelowPrice = 10 ether;
        c.dischargeAbovePrice = 20 ether;
        return _addBattery(c);
    }

    function _value(address who) internal view returns (uint256) {
        return fund.convertToAssets(shares.balanceOf(who));
    }

    // defect 1: charging keeps NAV; a newcomer (even bundling dispatch with the request) pays the epoch's NAV
    function test_D1_chargeKeepsNavAndNewcomerPaysFairPrice() public {
        _invest(alice, 10 ether);
        uint256 id = _bigBattery();
        _nextInterval();
        _push(9 ether);
        int256 navBefore = fund.netAssetValue();
        _request(bob, 1 ether); // bundled with the dispatch
        _dispatch(id); // pays 9 ETH for 1 MWh
        assertEq(fund.netAssetValue(), navBefore, "charging moves cash into inventory");
        assertEq(fund.storedEnergyValue(), 9 ether);
        _settle();
        uint256 claim = fund.maxMint(bob);
        vm.prank(bob);
        uint256 bobShares = fund.mint(claim, bob, bob);
        assertApproxEqAbs(bobShares * 10, shares.balanceOf(alice), 10, "1 ETH buys a tenth of 10 ETH");
        // spike after entry: 20 ETH discharge, profit 11 shared pro rata 10:1
        _nextInterval();
        _push(20 ether);
        _dispatch(id);
        assertEq(fund.realisedProfit(), 11 ether);
        assertApproxEqAbs(_value(alice), 20 ether, 1e3);
        assertApproxEqAbs(_value(bob), 2 ether, 1e3);
    }

    // defect 1 variant: entry just after the epoch close waits for the next NAV
    function test_D1_entryAfterCloseWaitsForNextEpoch() public {
        _invest(alice, 10 ether);
        uint256 id = _bigBattery();
        _request(bob, 1 ether);
        assertEq(fund.maxMint(bob), 0, "no shares before settlement");
        _nextInterval();
        _push(1 ether);
        _dispatch(id);
        _nextInterval();
        _push(30 ether);
        _dispatch(id);
        // realised profit is in NAV before Bob's epoch is priced: Bob pays for it
        _settle();
        uint256 c = fund.maxMint(bob);
        vm.prank(bob);
        fund.mint(c, bob, bob);
        assertApproxEqAbs(_value(bob), uint256(1 ether), 1e3);
    }

    // defect 2: extreme supply and dividends never overflow the accumulator
    function test_D2_accumulatorBoundsExtreme() public {
        vm.deal(address(market), 1e27);
        _invest(alice, 1);
        _earn(1e26); // 1e26 wei realised for 1 share
        _declare(10_000);
        _request(bob, 1e26);
        _settle();
        uint256 c = fund.maxMint(bob);
        vm.prank(bob);
        fund.mint(c, bob, bob);
        uint256 half = shares.balanceOf(bob) / 2;
        vm.prank(bob);
        assertTrue(shares.transfer(carol, half));
        _earn(1e26);
        _declare(10_000);
        vm.prank(alice);
        fund.withdrawDividends();
        vm.prank(carol);
        fund.withdrawDividends();
        assertLe(fund.totalOwed(), address(fund).balance);
    }

    // defect 2: NAV per share collapses: deposits are refused (refundable), supply stays bounded
    function test_D2_depositsRefusedBelowPriceFloor() public {
        _invest(alice, 1 ether);
        _lose(1 ether - 1);
        _request(bob, 100 ether);
        _settle();
        assertEq(fund.maxMint(bob), 0);
        assertEq(fund.pendingDepositRequest(0, bob), 100 ether);
        vm.prank(bob);
        assertEq(fund.cancelDepositRequest(bob, payable(bob)), 100 ether);
    }

    // defect 3: reinvested earnings are not distributable; a newcomer's capital never pays a dividend
    function test_D3_dividendNotFromNewcomerCapital() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _purchase(vendor, 2 ether, 10);
        assertEq(fund.distributableEarnings(), 0, "earnings spent on the battery");
        _invest(bob, 1.1 ether);
        vm.prank(admin);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        fund.declareDividend(10_000);
    }

    // defect 4: no single admin key can pay itself: vendor allow-list + cap + timelock, guardians cancel
    function test_D4_adminCannotDrain() public {
        _invest(alice, 10 ether);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotPurchaser.selector, admin));
        fund.proposePurchase(admin, 10 ether, 10, _config());
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.VendorNotAllowed.selector, owner));
        fund.proposePurchase(owner, 10 ether, 10, _config());
        vm.prank(owner);
        fund.setVendorAllowed(vendor, true);
        vm.prank(owner); // the allowance itself is timelocked
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.VendorNotAllowed.selector, vendor));
        fund.proposePurchase(vendor, 10 ether, 10, _config());
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.PurchaseAboveCap.selector, 2_000 ether, 1_000 ether)
        );
        fund.proposePurchase(vendor, 2_000 ether, 10, _config());
        vm.prank(owner);
        uint256 pid = fund.proposePurchase(vendor, 10 ether, 10, _config());
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.TimelockNotElapsed.selector, block.timestamp + DELAY)
        );
        fund.executePurchase(pid, vendor, 10 ether, 10, _config());
        vm.prank(admin); // guardian
        fund.cancelPurchase(pid);
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.UnknownProposal.selector, pid));
        fund.executePurchase(pid, vendor, 10 ether, 10, _config());
    }

    // defect 5: NAV stays positive with energy stored; deposits keep working
    function test_D5_navPositiveWhileEnergyStored() public {
        _invest(alice, 9 ether);
        uint256 id = _bigBattery();
        _nextInterval();
        _push(9 ether);
        _dispatch(id);
        assertEq(fund.netAssetValue(), 9 ether);
        assertEq(fund.freeBalance(), 0);
        _invest(bob, 1 ether);
        assertGt(shares.balanceOf(bob), 0);
    }

    // defect 6: a dispatch needs a round of the current interval
    function test_D6_previousIntervalPriceRejected() public {
        _invest(alice, 10 ether);
        uint256 id = _addBattery();
        _nextInterval();
        vm.warp(block.timestamp + 290);
        _push(0.05 ether);
        vm.warp(block.timestamp + 20); // next interval, price 20 s old
        vm.expectRevert();
        _dispatch(id);
        (bool needed,) = trader.checkUpkeep("");
        assertFalse(needed);
        _push(-0.01 ether);
        _dispatch(id);
        assertGt(_soc(id), 0);
    }

    // defect 7: an interval-length change applies at the next boundary; no double dispatch
    function test_D7_intervalChangeAtBoundary() public {
        _invest(alice, 10 ether);
        uint256 id = _addBattery();
        _nextInterval();
        _push(-0.01 ether);
        _dispatch(id);
        uint64 before = trader.currentInterval();
        IEnergyTrader.TradingParams memory p = _params();
        p.intervalSeconds = 60;
        vm.prank(admin);
        trader.setTradingParams(p);
        assertEq(trader.currentInterval(), before, "no renumbering");
        uint64 soc = _soc(id);
        _dispatch(id); // skipped, not reverted
        assertEq(_soc(id), soc);
        vm.warp(block.timestamp + INTERVAL);
        assertEq(trader.currentInterval(), before + 1);
        vm.warp(block.timestamp + 60);
        assertEq(trader.currentInterval(), before + 2);
    }

    // defect 8: renounceOwnership is disabled
    function test_D8_renounceDisabled() public {
        vm.prank(admin);
        vpp.pause();
        vm.prank(owner);
        vm.expectRevert(IVirtualPowerPlant.RenounceDisabled.selector);
        (bool ok,) = address(vpp).call(abi.encodeWithSignature("renounceOwnership()"));
        ok;
        assertEq(IOwnable(address(vpp)).owner(), owner);
    }

    // defect 9: a charged battery cannot be decommissioned; an empty one is written off with an event
    function test_D9_decommissionRequiresEmptyAndWritesOff() public {
        _invest(alice, 20 ether);
        uint256 id = _purchase(vendor, 10 ether, 10);
        _nextInterval();
        _push(-0.01 ether);
        _dispatch(id);
        uint64 soc = _soc(id);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotEmpty.selector, id, soc));
        vpp.decommissionBattery(id);
        _nextInterval();
        _push(50 ether);
        _dispatch(id);
        assertEq(_soc(id), 0);
        uint256 book = fund.batteryBookValue(id);
        assertGt(book, 0);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.BatteryWrittenOff(id, book);
        vm.prank(admin);
        vpp.decommissionBattery(id);
    }

    // defect 10: one dispatched id does not void a batch; a market failure is isolated and not re-proposed
    function test_D10_batchSkipsAndIsolatesFailures() public {
        _invest(alice, 10 ether);
        uint256 a = _addBattery();
        uint256 b = _addBattery(_config(bytes32("b")));
        _nextInterval();
        _push(-0.01 ether);
        _dispatch(a);
        vm.prank(keeper);
        trader.dispatch(_ids(a, b));
        assertGt(_soc(b), 0);
        // broken market: the batch is skipped (SettlementFailed), nothing reverts, checkUpkeep moves on
        BrokenMarket bm = new BrokenMarket();
        vm.prank(owner);
        trader.proposeGridMarket(address(bm));
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        trader.executeGridMarket();
        _nextInterval();
        _push(-0.01 ether);
        (bool needed, bytes memory data) = trader.checkUpkeep("");
        assertTrue(needed);
        uint64 socA = _soc(a);
        trader.performUpkeep(data);
        assertEq(_soc(a), socA, "failed settlement keeps the state");
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed, "not proposed again this interval");
    }

    // defect 11: oracle decimals are validated
    function test_D11_oracleDecimalsValidated() public {
        address feed = address(new Feed8());
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidOracleDecimals.selector, 8));
        trader.proposePriceOracle(feed);
    }

    // defect 12: shares cannot be parked at the fund; no dividend is owed to the fund itself
    function test_D12_noSharesToFund() public {
        _invest(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.SharesToFund.selector);
        shares.transfer(address(fund), 0.5 ether);
        // the redemption is filled before the dividend runs; the remaining shares get all of it, nothing stranded
        vm.prank(alice);
        fund.requestRedeem(0.5 ether, alice, alice);
        _earn(1 ether);
        (, uint256 amount) = _declare(10_000);
        assertEq(fund.withdrawableDividendOf(address(fund)), 0);
        vm.prank(alice);
        assertApproxEqAbs(fund.withdrawDividends(), amount, 1);
    }

    // exit: redemption filled from free cash only, pro-rata, the rest queued
    function test_RedeemPartialFillQueued() public {
        _invest(alice, 10 ether);
        _invest(bob, 10 ether);
        _purchase(vendor, 15 ether, 10);
        uint256 all = shares.balanceOf(alice);
        vm.prank(alice);
        fund.requestRedeem(all, alice, alice);
        _settle();
        uint256 got = fund.maxWithdraw(alice);
        assertApproxEqAbs(got, uint256(5 ether), 1e3, "only the free cash");
        assertGt(fund.pendingRedeemRequest(0, alice), 0, "rest queued");
        vm.prank(alice);
        fund.withdraw(got, payable(alice), alice);
        assertGe(address(fund).balance, fund.totalOwed());
    }
}

interface IOwnable {
    function owner() external view returns (address);
}
