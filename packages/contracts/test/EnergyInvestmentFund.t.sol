// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Base, EtherRejecter} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {EnergyInvestmentFund} from "../src/EnergyInvestmentFund.sol";

/// @notice A market that pays the fund less than it was asked for.
contract ShortPayingMarket {
    receive() external payable {}

    function payFund(uint256 amount) external {
        (bool ok,) = msg.sender.call{value: amount / 2}("");
        require(ok);
    }

    function receivePayment() external payable {}
}

contract EnergyInvestmentFundTest is Base {
    /// @dev The fund's MINIMUM_INITIAL_INVESTMENT: 0.01 ether = 1e16 shares.
    uint256 internal constant MIN_FIRST = 0.01 ether;

    // ------------------------------------------------------------------ invest
    function test_Invest_FirstInvestmentMintsOneSharePerWei() public {
        vm.deal(alice, 1 ether);
        vm.expectEmit(true, false, false, true, address(fund));
        emit IEnergyInvestmentFund.Invested(alice, 1 ether, 1 ether, 1 ether, 1 ether);
        vm.prank(alice);
        uint256 minted = fund.invest{value: 1 ether}();
        assertEq(minted, 1 ether);
        assertEq(shares.balanceOf(alice), 1 ether);
        assertEq(shares.totalSupply(), 1 ether);
        assertEq(fund.totalInvested(), 1 ether);
        assertEq(fund.netAssetValue(), 1 ether);
        assertEq(fund.freeBalance(), 1 ether);
        assertEq(address(fund).balance, 1 ether);
    }

    function test_Invest_LaterInvestorPaysForRetainedEarnings() public {
        _invest(alice, 1 ether);
        _earn(0.5 ether);
        assertEq(fund.netAssetValue(), 1.5 ether);
        assertEq(fund.previewInvest(0.3 ether), 0.2 ether);
        uint256 minted = _invest(bob, 0.3 ether);
        assertEq(minted, 0.2 ether);
        assertEq(fund.netAssetValue(), 1.8 ether);
        // a full declaration gives the retained earnings back pro rata: bob gets his share of what he paid for
        (, uint256 amount) = _declare(10_000);
        assertEq(amount, 0.5 ether);
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), uint256(0.5 ether) * 1 ether / 1.2 ether, 1);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), uint256(0.5 ether) * 0.2 ether / 1.2 ether, 1);
    }

    function test_Invest_RoundsDown() public {
        _invest(alice, 0.03 ether);
        _earn(0.01 ether);
        // NAV 4e16 wei for 3e16 shares: 2 wei buys floor(2 * 3 / 4) = 1 share
        assertEq(fund.previewInvest(2), 1);
        assertEq(_invest(bob, 2), 1);
    }

    function test_RevertWhen_InvestZero() public {
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        vm.prank(alice);
        fund.invest{value: 0}();
    }

    function test_RevertWhen_InvestPaused() public {
        vm.prank(admin);
        vpp.pause();
        vm.deal(alice, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        vm.prank(alice);
        fund.invest{value: 1 ether}();
    }

    function test_RevertWhen_InvestMintsZeroShares() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        vm.deal(bob, 1);
        vm.expectRevert(IEnergyInvestmentFund.SharesTooSmall.selector);
        vm.prank(bob);
        fund.invest{value: 1}();
    }

    function test_RevertWhen_InvestIntoInsolventFund() public {
        _invest(alice, 1 ether);
        _lose(1 ether);
        assertEq(fund.netAssetValue(), 0);
        vm.deal(bob, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.FundInsolvent.selector);
        vm.prank(bob);
        fund.invest{value: 1 ether}();
    }

    function test_RevertWhen_DirectEther() public {
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.DirectEtherRejected.selector, alice));
        vm.prank(alice);
        (bool ok,) = address(fund).call{value: 1 ether}("");
        ok;
        assertEq(address(fund).balance, 0);
    }

    function testFuzz_Invest_NeverMoreValueThanPaid(uint96 first, uint96 profit, uint96 second) public {
        uint256 a1 = bound(first, MIN_FIRST, 1_000 ether);
        uint256 p = bound(profit, 0, 500 ether);
        uint256 a2 = bound(second, 1, 1_000 ether);
        _invest(alice, a1);
        if (p > 0) _earn(p);
        uint256 supply = shares.totalSupply();
        uint256 nav = uint256(fund.netAssetValue());
        uint256 expected = a2 * supply / nav;
        vm.assume(expected > 0);
        uint256 aliceValueBefore = shares.balanceOf(alice) * nav / supply;

        assertEq(fund.previewInvest(a2), expected);
        uint256 minted = _invest(bob, a2);
        assertEq(minted, expected, "minted at NAV, rounded down");

        uint256 supplyAfter = shares.totalSupply();
        uint256 navAfter = uint256(fund.netAssetValue());
        assertEq(navAfter, nav + a2);
        assertLe(minted * navAfter / supplyAfter, a2, "new investor never gets more value than paid");
        assertGe(shares.balanceOf(alice) * navAfter / supplyAfter, aliceValueBefore, "existing holder not diluted");
    }

    // ------------------------------------------------------------------ dividends
    function test_DeclareDividend() public {
        _invest(alice, 3 ether);
        _invest(bob, 1 ether);
        _earn(1 ether);
        assertEq(fund.distributableEarnings(), 1 ether);

        vm.recordLogs();
        (uint256 id, uint256 amount) = _declare(5_000);
        assertEq(id, 1);
        assertEq(amount, 0.5 ether);
        assertEq(fund.dividendCount(), 1);
        assertEq(fund.totalDividendsDeclared(), 0.5 ether);
        assertEq(fund.totalOwed(), 0.5 ether);
        assertEq(fund.freeBalance(), 4.5 ether);
        assertEq(fund.distributableEarnings(), 0.5 ether);
        assertEq(fund.netAssetValue(), 4.5 ether);
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 0.375 ether, 1);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), 0.125 ether, 1);
        assertEq(fund.accumulativeDividendOf(alice), fund.withdrawableDividendOf(alice));

        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool found;
        for (uint256 i; i < logs.length; i++) {
            if (logs[i].topics[0] != IEnergyInvestmentFund.DividendDeclared.selector) continue;
            found = true;
            assertEq(logs[i].topics.length, 4);
            assertEq(uint256(logs[i].topics[1]), 1);
            assertEq(address(uint160(uint256(logs[i].topics[2]))), admin);
            assertEq(uint256(logs[i].topics[3]), 0); // not a capital return
            (uint256 a, uint16 bps, uint256 supply, uint256 mdps) =
                abi.decode(logs[i].data, (uint256, uint16, uint256, uint256));
            assertEq(a, 0.5 ether);
            assertEq(bps, 5_000);
            assertEq(supply, 4 ether);
            assertEq(mdps, fund.magnifiedDividendPerShare());
        }
        assertTrue(found);
    }

    function test_DeclareDividend_EmitsEvent() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        vm.expectEmit(true, true, true, false, address(fund));
        emit IEnergyInvestmentFund.DividendDeclared(1, admin, false, 1 ether, 10_000, 1 ether, 0);
        _declare(10_000);
    }

    function test_DeclareDividend_OwnerCanDeclare() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        vm.prank(owner);
        fund.declareDividend(10_000);
    }

    function test_DeclareDividend_NeverFromPrincipal() public {
        _invest(alice, 10 ether);
        _earn(1 ether);
        (, uint256 amount) = _declare(10_000);
        assertEq(amount, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
        assertEq(fund.freeBalance(), 10 ether);
    }

    function test_DeclareDividend_CappedByFreeBalance() public {
        _invest(alice, 2 ether);
        _earn(1 ether);
        // spend everything but 0.4 ether on a battery: earnings (1) exceed free ether (0.4)
        vm.prank(admin);
        fund.purchaseBattery(vendor, 2.6 ether, _config());
        assertEq(fund.freeBalance(), 0.4 ether);
        assertEq(fund.distributableEarnings(), 0.4 ether);
        (, uint256 amount) = _declare(10_000);
        assertEq(amount, 0.4 ether);
    }

    function test_RevertWhen_DeclareDividendByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        vm.prank(stranger);
        fund.declareDividend(10_000);
    }

    function test_RevertWhen_DeclareDividendZeroBps() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.InvalidBasisPoints.selector, uint16(0)));
        _declare(0);
    }

    function test_RevertWhen_DeclareDividendAbove100Percent() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.InvalidBasisPoints.selector, uint16(10_001)));
        _declare(10_001);
    }

    function test_RevertWhen_DeclareDividendNoShares() public {
        _earn(1 ether);
        vm.expectRevert(IEnergyInvestmentFund.NoSharesOutstanding.selector);
        _declare(10_000);
    }

    function test_RevertWhen_DeclareDividendNoEarnings() public {
        _invest(alice, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
    }

    function test_RevertWhen_DeclareDividendRoundsToZero() public {
        _invest(alice, 1 ether);
        _earn(1);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(1);
    }

    function test_RevertWhen_DeclareDividendAfterLosses() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _lose(1.5 ether);
        assertEq(fund.distributableEarnings(), 0);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        _declare(10_000);
    }

    function test_RevertWhen_DeclareDividendPaused() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        vm.prank(owner);
        vpp.pause();
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        _declare(10_000);
    }

    function test_WithdrawDividends() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        uint256 owed = fund.withdrawableDividendOf(alice);
        vm.expectEmit(true, true, false, true, address(fund));
        emit IEnergyInvestmentFund.DividendWithdrawn(alice, alice, owed);
        vm.prank(alice);
        uint256 got = fund.withdrawDividends();
        assertEq(got, owed);
        assertEq(alice.balance, owed);
        assertEq(fund.withdrawableDividendOf(alice), 0);
        assertEq(fund.withdrawnDividendOf(alice), owed);
        assertEq(fund.accumulativeDividendOf(alice), owed);
        assertEq(fund.totalDividendsWithdrawn(), owed);
        assertEq(fund.totalOwed(), 1 ether - owed);
    }

    function test_WithdrawDividendsTo() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        uint256 owed = fund.withdrawableDividendOf(alice);
        vm.expectEmit(true, true, false, true, address(fund));
        emit IEnergyInvestmentFund.DividendWithdrawn(alice, carol, owed);
        vm.prank(alice);
        assertEq(fund.withdrawDividendsTo(payable(carol)), owed);
        assertEq(carol.balance, owed);
        assertEq(alice.balance, 0);
    }

    function test_WithdrawDividends_WorksWhilePaused() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        vm.prank(owner);
        vpp.pause();
        vm.prank(alice);
        assertGt(fund.withdrawDividends(), 0);
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        fund.withdrawDividendsTo(payable(alice));
    }

    function test_RevertWhen_WithdrawNothing() public {
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        vm.prank(alice);
        fund.withdrawDividends();
    }

    function test_RevertWhen_WithdrawDividendsToZeroAddress() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        vm.prank(alice);
        fund.withdrawDividendsTo(payable(address(0)));
    }

    function test_RevertWhen_WithdrawToRejecter() public {
        EtherRejecter r = new EtherRejecter();
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        uint256 owed = fund.withdrawableDividendOf(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.EtherTransferFailed.selector, address(r), owed));
        vm.prank(alice);
        fund.withdrawDividendsTo(payable(address(r)));
        // nothing lost: still withdrawable
        assertEq(fund.withdrawableDividendOf(alice), owed);
    }

    function test_SharesTransfer_MovesFutureDividendsOnly() public {
        _invest(alice, 1 ether);
        _earn(1 ether);
        _declare(10_000);
        uint256 aliceFirst = fund.accumulativeDividendOf(alice);
        vm.prank(alice);
        assertTrue(shares.transfer(bob, 1 ether));
        assertEq(fund.accumulativeDividendOf(alice), aliceFirst);
        assertEq(fund.accumulativeDividendOf(bob), 0);
        _earn(2 ether);
        _declare(10_000);
        assertEq(fund.accumulativeDividendOf(alice), aliceFirst);
        assertApproxEqAbs(fund.accumulativeDividendOf(bob), 2 ether, 1);
    }

    function test_SharesTransferFrom_MovesDividendRights() public {
        _invest(alice, 2 ether);
        vm.prank(alice);
        shares.approve(carol, 1 ether);
        vm.prank(carol);
        assertTrue(shares.transferFrom(alice, bob, 1 ether));
        _earn(1 ether);
        _declare(10_000);
        assertApproxEqAbs(fund.accumulativeDividendOf(alice), 0.5 ether, 1);
        assertApproxEqAbs(fund.accumulativeDividendOf(bob), 0.5 ether, 1);
    }

    function testFuzz_Dividend_ProRataWithinOneWei(
        uint96 a,
        uint96 b,
        uint96 c,
        uint96 profit,
        uint16 bps,
        uint96 moved
    ) public {
        uint256 ia = bound(a, MIN_FIRST, 1_000 ether);
        uint256 ib = bound(b, 1, 1_000 ether);
        uint256 ic = bound(c, 1, 1_000 ether);
        _invest(alice, ia);
        // later investors at NAV 1:1 as long as no earnings are retained
        _invest(bob, ib);
        _invest(carol, ic);
        uint256 mv = bound(moved, 0, shares.balanceOf(alice));
        vm.prank(alice);
        assertTrue(shares.transfer(bob, mv));

        _earn(bound(profit, 1, 100 ether));
        bps = uint16(bound(bps, 1, 10_000));
        uint256 distributable = fund.distributableEarnings();
        vm.assume(distributable * bps / 10_000 > 0);
        (, uint256 amount) = _declare(bps);
        assertEq(amount, distributable * bps / 10_000);

        uint256 supply = shares.totalSupply();
        address[3] memory holders = [alice, bob, carol];
        uint256 sum;
        for (uint256 i; i < 3; i++) {
            uint256 exact = amount * shares.balanceOf(holders[i]) / supply;
            uint256 got = fund.accumulativeDividendOf(holders[i]);
            assertApproxEqAbs(got, exact, 1);
            assertLe(got, exact + 0); // never rounds up beyond the exact share
            sum += got;
        }
        assertLe(sum, amount, "never more than declared");
        assertGe(sum + 3, amount);

        // second declaration after a transfer: still pro-rata over the two periods
        uint256 half = shares.balanceOf(bob) / 2;
        vm.prank(bob);
        assertTrue(shares.transfer(carol, half));
        _earn(1 ether);
        uint256 expectedCarol = fund.accumulativeDividendOf(carol);
        supply = shares.totalSupply();
        (, uint256 amount2) = _declare(10_000);
        expectedCarol += amount2 * shares.balanceOf(carol) / supply;
        assertApproxEqAbs(fund.accumulativeDividendOf(carol), expectedCarol, 2);
    }

    function test_NewDividendWhileOldUnclaimed() public {
        _invest(alice, 1 ether);
        _invest(bob, 1 ether);
        for (uint256 i = 1; i <= 3; i++) {
            _earn(1 ether);
            (uint256 id,) = _declare(10_000);
            assertEq(id, i);
        }
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 1.5 ether, 3);
        vm.prank(alice);
        fund.withdrawDividends();
        _earn(1 ether);
        _declare(10_000);
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 0.5 ether, 4);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), 2 ether, 4);
    }

    // ------------------------------------------------------------------ minimum first investment
    function test_MinimumInitialInvestmentIsOneHundredthOfAnEther() public view {
        assertEq(EnergyInvestmentFund(payable(address(fund))).MINIMUM_INITIAL_INVESTMENT(), 0.01 ether);
        assertEq(MIN_FIRST, 1e16);
    }

    function test_Invest_FirstInvestmentAtTheMinimum() public {
        assertEq(_invest(alice, MIN_FIRST), MIN_FIRST);
        assertEq(shares.totalSupply(), MIN_FIRST);
        // later investments have no floor beyond minting at least one share
        assertEq(_invest(bob, 1), 1);
    }

    function test_RevertWhen_FirstInvestmentBelowTheMinimum() public {
        vm.deal(alice, MIN_FIRST);
        vm.expectRevert(IEnergyInvestmentFund.SharesTooSmall.selector);
        vm.prank(alice);
        fund.invest{value: MIN_FIRST - 1}();
        assertEq(shares.totalSupply(), 0);
        assertEq(address(fund).balance, 0);
    }

    function testFuzz_RevertWhen_FirstInvestmentBelowTheMinimum(uint256 amount) public {
        amount = bound(amount, 1, MIN_FIRST - 1);
        vm.deal(alice, amount);
        vm.expectRevert(IEnergyInvestmentFund.SharesTooSmall.selector);
        vm.prank(alice);
        fund.invest{value: amount}();
    }

    /// @dev A dust first investment (1 wei = 1 share) followed by a large dividend used to make the magnified
    ///      accumulator huge (~3.4e58) and brick later mints and transfers. The first investment must now be at
    ///      least 0.01 ether: 1 wei reverts SharesTooSmall, and after a minimum first investment and a huge
    ///      dividend (1e6 ether of trading profit) NAV per share is back to 1 wei, so later investors get many
    ///      shares; investing must still work at NAV.
    function test_DustFirstInvestment_LaterInvestmentsStillWork() public {
        vm.deal(alice, 1);
        vm.expectRevert(IEnergyInvestmentFund.SharesTooSmall.selector);
        vm.prank(alice);
        fund.invest{value: 1}();

        _invest(alice, MIN_FIRST);
        _fundMarket(1e6 ether);
        _earn(1e6 ether);
        _declare(10_000);
        assertEq(fund.netAssetValue(), int256(MIN_FIRST));
        assertEq(fund.magnifiedDividendPerShare(), uint256(1e6 ether) * 2 ** 128 / MIN_FIRST);
        uint256 minted = _invest(bob, 1e6 ether);
        assertEq(minted, 1e6 ether);
        minted = _invest(carol, 1e6 ether);
        assertEq(minted, 1e6 ether);
        // alice keeps the whole dividend, the later investors none of it
        assertEq(fund.withdrawableDividendOf(alice), 1e6 ether);
        assertEq(fund.withdrawableDividendOf(bob), 0);
        assertEq(fund.withdrawableDividendOf(carol), 0);
    }

    /// @dev After a minimum first investment and a huge dividend, large later investments and share transfers
    ///      keep working and every holder can withdraw exactly their pro-rata dividends.
    function test_DustFirstInvestment_HoldersCanAlwaysWithdraw() public {
        _invest(alice, MIN_FIRST);
        _fundMarket(2e6 ether);
        _earn(1e6 ether);
        _declare(10_000);
        _invest(bob, 1e6 ether);
        _invest(carol, 1e6 ether);
        // transfers in every direction, including the first holder's shares
        vm.prank(carol);
        assertTrue(shares.transfer(bob, 1e6 ether));
        vm.prank(alice);
        assertTrue(shares.transfer(carol, MIN_FIRST / 2));
        vm.prank(bob);
        assertTrue(shares.transfer(carol, 0.5e6 ether));
        _earn(1e6 ether);
        _declare(10_000);

        uint256 supply = shares.totalSupply();
        assertEq(supply, MIN_FIRST + 2e6 ether);
        uint256 second = 1e6 ether;
        // alice: the whole first dividend plus her half-minimum share of the second
        uint256 aliceOwed = fund.withdrawableDividendOf(alice);
        assertApproxEqAbs(aliceOwed, 1e6 ether + second * (MIN_FIRST / 2) / supply, 2);
        uint256 bobOwed = fund.withdrawableDividendOf(bob);
        assertApproxEqAbs(bobOwed, second * 1.5e6 ether / supply, 2);
        uint256 carolOwed = fund.withdrawableDividendOf(carol);
        assertApproxEqAbs(carolOwed, second * (0.5e6 ether + MIN_FIRST / 2) / supply, 2);
        assertLe(aliceOwed + bobOwed + carolOwed, fund.totalOwed());

        vm.prank(alice);
        assertEq(fund.withdrawDividends(), aliceOwed);
        vm.prank(bob);
        assertEq(fund.withdrawDividends(), bobOwed);
        vm.prank(carol);
        assertEq(fund.withdrawDividends(), carolOwed);
        assertEq(alice.balance, aliceOwed);
        assertEq(bob.balance, bobOwed);
        assertEq(carol.balance, carolOwed);
        assertGe(address(fund).balance, fund.totalOwed());
    }

    /// @dev The bound in the fund's NatSpec: with the minimum first investment, a billion ether distributed and
    ///      1e27 shares outstanding, accumulator products stay below 2**255.
    function test_AccumulatorBound_MinimumFirstInvestmentKeepsProductsInRange() public pure {
        uint256 maxMdps = uint256(1e27) * 2 ** 128 / MIN_FIRST;
        assertLt(maxMdps, uint256(type(int256).max) / 1e27);
    }

    /// @dev Adds `amount` of liquidity to the grid market so it can pay large trading profits.
    function _fundMarket(uint256 amount) internal {
        vm.deal(owner, owner.balance + amount);
        vm.prank(owner);
        market.deposit{value: amount}();
    }

    // ------------------------------------------------------------------ capital returns
    function test_ReturnCapital() public {
        _invest(alice, 3 ether);
        _invest(bob, 1 ether);
        vm.expectEmit(true, true, true, false, address(fund));
        emit IEnergyInvestmentFund.DividendDeclared(1, admin, true, 2 ether, 0, 4 ether, 0);
        vm.prank(admin);
        uint256 id = fund.returnCapital(2 ether);
        assertEq(id, 1);
        assertEq(fund.totalCapitalReturned(), 2 ether);
        assertEq(fund.totalDividendsDeclared(), 0);
        assertEq(fund.netAssetValue(), 2 ether);
        assertEq(fund.totalOwed(), 2 ether);
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 1.5 ether, 1);
        assertApproxEqAbs(fund.withdrawableDividendOf(bob), 0.5 ether, 1);
        vm.prank(bob);
        fund.withdrawDividends();
        assertApproxEqAbs(bob.balance, 0.5 ether, 1);
    }

    function test_RevertWhen_ReturnCapitalZero() public {
        _invest(alice, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        vm.prank(admin);
        fund.returnCapital(0);
    }

    function test_RevertWhen_ReturnCapitalAboveFreeBalance() public {
        _invest(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.InsufficientFreeBalance.selector, 2 ether, 1 ether)
        );
        vm.prank(admin);
        fund.returnCapital(2 ether);
    }

    function test_RevertWhen_ReturnCapitalNoShares() public {
        _earn(1 ether);
        vm.expectRevert(IEnergyInvestmentFund.NoSharesOutstanding.selector);
        vm.prank(admin);
        fund.returnCapital(1 ether);
    }

    function test_RevertWhen_ReturnCapitalByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        vm.prank(stranger);
        fund.returnCapital(1);
    }

    // ------------------------------------------------------------------ battery purchases
    function test_PurchaseBattery() public {
        _invest(alice, 10 ether);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.expectEmit(true, true, true, true, address(fund));
        emit IEnergyInvestmentFund.BatteryPurchased(1, vendor, admin, 4 ether);
        vm.prank(admin);
        uint256 id = fund.purchaseBattery(vendor, 4 ether, c);
        assertEq(id, 1);
        assertEq(vpp.fleetSize(), 1);
        assertEq(vpp.battery(id).config.serial, c.serial);
        assertEq(fund.vendorBalanceOf(vendor), 4 ether);
        assertEq(fund.totalSpentOnBatteries(), 4 ether);
        assertEq(fund.totalOwed(), 4 ether);
        assertEq(fund.freeBalance(), 6 ether);
        assertEq(fund.netAssetValue(), 10 ether, "batteries carried at cost");
        assertEq(address(fund).balance, 10 ether, "pull payment: nothing sent yet");

        vm.expectEmit(true, true, false, true, address(fund));
        emit IEnergyInvestmentFund.VendorPaymentWithdrawn(vendor, carol, 4 ether);
        vm.prank(vendor);
        assertEq(fund.withdrawVendorPayment(payable(carol)), 4 ether);
        assertEq(carol.balance, 4 ether);
        assertEq(fund.vendorBalanceOf(vendor), 0);
        assertEq(fund.totalOwed(), 0);
    }

    function test_PurchaseBattery_VendorWithdrawsWhilePaused() public {
        _invest(alice, 10 ether);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 4 ether, _config());
        vm.prank(owner);
        vpp.pause();
        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(vendor));
        assertEq(vendor.balance, 4 ether);
    }

    function test_RevertWhen_PurchaseBatteryAboveFreeBalance() public {
        _invest(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.InsufficientFreeBalance.selector, 2 ether, 1 ether)
        );
        vm.prank(admin);
        fund.purchaseBattery(vendor, 2 ether, _config());
    }

    function test_RevertWhen_PurchaseBatteryZeroVendor() public {
        _invest(alice, 1 ether);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        vm.prank(admin);
        fund.purchaseBattery(address(0), 1 ether, _config());
    }

    function test_RevertWhen_PurchaseBatteryInvalidConfig() public {
        _invest(alice, 1 ether);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 0;
        vm.expectRevert(IVirtualPowerPlant.ZeroCapacity.selector);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, c);
    }

    function test_RevertWhen_PurchaseBatteryByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        vm.prank(stranger);
        fund.purchaseBattery(vendor, 1, _config());
    }

    function test_RevertWhen_PurchaseBatteryPaused() public {
        _invest(alice, 1 ether);
        vm.prank(owner);
        vpp.pause();
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1, _config());
    }

    function test_RevertWhen_VendorWithdrawsNothing() public {
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(vendor));
    }

    function test_RevertWhen_VendorWithdrawsToZeroAddress() public {
        _invest(alice, 1 ether);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, _config());
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(address(0)));
    }

    // ------------------------------------------------------------------ settlement
    function test_SettleTrade_Receipt() public {
        vm.expectEmit(true, true, false, true, address(fund));
        emit IEnergyInvestmentFund.TradeSettled(3, 9, 1 ether, 1 ether);
        vm.prank(address(trader));
        fund.settleTrade(3, 9, 1 ether, address(market));
        assertEq(address(fund).balance, 1 ether);
        assertEq(address(market).balance, MARKET_LIQUIDITY - 1 ether);
        assertEq(fund.tradingProfit(), 1 ether);
    }

    function test_SettleTrade_Payment() public {
        _invest(alice, 1 ether);
        vm.expectEmit(true, true, false, true, address(fund));
        emit IEnergyInvestmentFund.TradeSettled(3, 9, -0.25 ether, -0.25 ether);
        vm.prank(address(trader));
        fund.settleTrade(3, 9, -0.25 ether, address(market));
        assertEq(address(fund).balance, 0.75 ether);
        assertEq(address(market).balance, MARKET_LIQUIDITY + 0.25 ether);
        assertEq(fund.tradingProfit(), -0.25 ether);
        assertEq(fund.netAssetValue(), 0.75 ether);
    }

    function test_RevertWhen_SettleTradeByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotTrader.selector, stranger));
        vm.prank(stranger);
        fund.settleTrade(1, 1, 1, address(market));
    }

    function test_RevertWhen_SettleTradeMarketShortPays() public {
        ShortPayingMarket m = new ShortPayingMarket();
        vm.deal(address(m), 10 ether);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.UnexpectedSettlement.selector, 1 ether, 0.5 ether));
        vm.prank(address(trader));
        fund.settleTrade(1, 1, 1 ether, address(m));
    }

    // ------------------------------------------------------------------ accounting views
    function test_AccountingViews() public {
        _invest(alice, 5 ether);
        _earn(2 ether);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, _config());
        _declare(5_000);
        assertEq(fund.totalInvested(), 5 ether);
        assertEq(fund.tradingProfit(), 2 ether);
        assertEq(fund.totalDividendsDeclared(), 1 ether);
        assertEq(fund.totalOwed(), 2 ether);
        assertEq(fund.freeBalance(), address(fund).balance - 2 ether);
        assertEq(fund.netAssetValue(), 6 ether);
        assertEq(fund.distributableEarnings(), 1 ether);
    }
}
// forge-lint: disable-end(unsafe-typecast)
