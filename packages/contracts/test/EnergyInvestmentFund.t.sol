// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;
// forge-lint: disable-start(unsafe-typecast)
import {Base, EtherRejecter} from "./utils/Base.t.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {EnergyInvestmentFund} from "../src/EnergyInvestmentFund.sol";

/// @notice Pays the fund one wei less than asked (UnexpectedSettlement).
contract ShortPayMarket {
    receive() external payable {}

    function payFund(uint256 amount) external {
        (bool ok,) = msg.sender.call{value: amount - 1}("");
        require(ok, "pay");
    }
}

/// @notice Unit tests of the fund (ERC-7540 entry/exit, epochs, distributions, purchases and grants): every custom
///         error with its exact arguments and every event with its exact fields.
contract EnergyInvestmentFundTest is Base {
    uint256 internal constant E1 = 1;

    // ------------------------------------------------------------------ constructor

    function test_RevertWhen_TimelockShorterThanEpochPlusMargin() public {
        IEnergyInvestmentFund.FundParams memory p = IEnergyInvestmentFund.FundParams({
            epochDuration: 1 days, timelockDelay: 1 days + 2 hours - 1, maxPurchaseWei: 1 ether
        });
        vm.expectRevert(
            abi.encodeWithSelector(
                IEnergyInvestmentFund.TimelockTooShort.selector, 1 days + 2 hours - 1, 1 days + 2 hours
            )
        );
        new EnergyInvestmentFund(vpp, p);
    }

    function test_RevertWhen_ConstructorBadParams() public {
        IEnergyInvestmentFund.FundParams memory p = _fundParams();
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        new EnergyInvestmentFund(IVirtualPowerPlant(address(0)), p);
        p.epochDuration = 0;
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        new EnergyInvestmentFund(vpp, p);
        p = _fundParams();
        p.maxPurchaseWei = 2 ** 96;
        vm.expectRevert(IEnergyInvestmentFund.AmountTooLarge.selector);
        new EnergyInvestmentFund(vpp, p);
    }

    function test_viewsOfTheParameters() public view {
        assertEq(fund.epochDuration(), EPOCH);
        assertEq(fund.timelockDelay(), DELAY);
        assertEq(fund.maxPurchaseWei(), MAX_PURCHASE);
        assertEq(fund.currentEpoch(), 1);
        assertEq(fund.nextEpochAt(), START + EPOCH);
        assertEq(fund.asset(), 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE);
        assertEq(address(fund.vpp()), address(vpp));
    }

    // ------------------------------------------------------------------ deposit requests

    function test_requestDeposit_escrowsOutsideNav() public {
        vm.deal(alice, 2 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DepositRequest(bob, alice, E1, alice, 2 ether);
        vm.prank(alice);
        assertEq(fund.requestDeposit{value: 2 ether}(2 ether, bob, alice), E1);
        assertEq(fund.pendingDepositRequest(0, bob), 2 ether);
        assertEq(fund.totalOwed(), 2 ether);
        assertEq(fund.netAssetValue(), 0);
        assertEq(fund.maxMint(bob), 0);
    }

    function test_RevertWhen_requestDepositBadInput() public {
        vm.deal(alice, 10 ether);
        vm.startPrank(alice);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        fund.requestDeposit(0, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.ValueMismatch.selector, 2 ether, 1 ether));
        fund.requestDeposit{value: 1 ether}(2 ether, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAuthorized.selector, alice));
        fund.requestDeposit{value: 1 ether}(1 ether, alice, bob);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.requestDeposit{value: 1 ether}(1 ether, address(0), alice);
        vm.stopPrank();
        vm.prank(admin);
        vpp.pause();
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        fund.requestDeposit{value: 1 ether}(1 ether, alice, alice);
    }

    function test_RevertWhen_requestDepositWhileRefusedRequestOpen() public {
        _invest(alice, 1 ether);
        _lose(1 ether - 1);
        _request(bob, 100 ether);
        uint256 e = fund.currentEpoch();
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DepositsRefused(e, 100 ether);
        _settle();
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.PreviousRequestOpen.selector, bob, e));
        fund.requestDeposit{value: 1 ether}(1 ether, bob, bob);
    }

    function test_pendingDepositOf_tellsPendingSettledAndRefused() public {
        _assertPendingDeposit(alice, 0, 0, false);
        _request(alice, 2 ether);
        uint256 e = fund.currentEpoch();
        _assertPendingDeposit(alice, e, 2 ether, false);
        _settle();
        // Settled: claimable, no longer pending.
        _assertPendingDeposit(alice, 0, 0, false);
        assertEq(fund.pendingDepositRequest(0, alice), 0);
        _lose(2 ether - 1);
        _request(bob, 5 ether);
        uint256 refusedEpoch = fund.currentEpoch();
        _settle();
        _assertPendingDeposit(bob, refusedEpoch, 5 ether, true);
        assertEq(fund.pendingDepositRequest(0, bob), 5 ether);
        vm.prank(bob);
        fund.cancelDepositRequest(bob, payable(bob));
        _assertPendingDeposit(bob, 0, 0, false);
    }

    function _assertPendingDeposit(address controller, uint256 epoch, uint256 assets, bool refused) private view {
        (uint256 requestId, uint256 pending, bool wasRefused) = fund.pendingDepositOf(controller);
        assertEq(requestId, epoch, "requestId");
        assertEq(pending, assets, "assets");
        assertEq(wasRefused, refused, "refused");
    }

    function test_cancelDepositRequest_byOperator() public {
        _request(alice, 3 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.OperatorSet(alice, carol, true);
        vm.prank(alice);
        assertTrue(fund.setOperator(carol, true));
        assertTrue(fund.isOperator(alice, carol));
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DepositRequestCanceled(alice, E1, payable(carol), 3 ether);
        vm.prank(carol);
        assertEq(fund.cancelDepositRequest(alice, payable(carol)), 3 ether);
        assertEq(carol.balance, 3 ether);
        assertEq(fund.totalOwed(), 0);
    }

    function test_RevertWhen_cancelDepositRequestNotCancelable() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAuthorized.selector, bob));
        fund.cancelDepositRequest(alice, payable(bob));
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.cancelDepositRequest(alice, payable(address(0)));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.RequestNotCancelable.selector, alice));
        fund.cancelDepositRequest(alice, payable(alice));
        _request(alice, 1 ether);
        _settle();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.RequestNotCancelable.selector, alice));
        fund.cancelDepositRequest(alice, payable(alice));
    }

    // ------------------------------------------------------------------ settlement and claims

    function test_settleEpoch_pricesAtNavAndEmits() public {
        _invest(alice, 10 ether);
        _earn(2 ether); // 12 ETH for 10e18 shares
        _request(bob, 6 ether);
        uint256 e = fund.currentEpoch();
        uint256 minted = uint256(6 ether) * (10 ether + 1) / (12 ether + 1);
        vm.warp(fund.nextEpochAt());
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.EpochSettled(e, 12 ether, 10 ether, 6 ether, minted, 0, 0, 0);
        assertEq(fund.settleEpoch(), e);
        assertEq(fund.maxMint(bob), minted);
        assertEq(fund.maxDeposit(bob), 6 ether);
        assertEq(fund.claimableDepositRequest(0, bob), 6 ether);
        IEnergyInvestmentFund.Epoch memory ep = fund.epochInfo(e);
        assertEq(ep.depositAssets, 6 ether);
        assertEq(ep.depositShares, minted);
        assertEq(fund.currentEpoch(), e + 1);
    }

    function test_RevertWhen_settleEpochEarlyOrPaused() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.EpochNotDue.selector, START + EPOCH));
        fund.settleEpoch();
        vm.prank(admin);
        vpp.pause();
        vm.warp(START + EPOCH);
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        fund.settleEpoch();
    }

    function test_depositClaim_partialThenRest() public {
        _request(alice, 4 ether);
        _settle();
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.Deposit(carol, alice, 1 ether, 1 ether);
        vm.prank(alice);
        assertEq(fund.deposit(1 ether, carol, alice), 1 ether);
        assertEq(shares.balanceOf(carol), 1 ether);
        vm.prank(alice);
        assertEq(fund.mint(3 ether, alice, alice), 3 ether);
        assertEq(fund.maxMint(alice), 0);
        assertEq(shares.balanceOf(address(fund)), 0);
    }

    function test_RevertWhen_depositClaimTooMuch() public {
        _request(alice, 4 ether);
        _settle();
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.ExceedsClaimable.selector, 5 ether, 4 ether));
        fund.deposit(5 ether, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.ExceedsClaimable.selector, 5 ether, 4 ether));
        fund.mint(5 ether, alice, alice);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.mint(1, address(0), alice);
        vm.stopPrank();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAuthorized.selector, bob));
        fund.mint(1, bob, alice);
        vm.prank(bob);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        fund.mint(0, bob, bob);
    }

    function test_RevertWhen_previewAsync() public {
        vm.expectRevert(IEnergyInvestmentFund.AsyncFlow.selector);
        fund.previewDeposit(1);
        vm.expectRevert(IEnergyInvestmentFund.AsyncFlow.selector);
        fund.previewMint(1);
        vm.expectRevert(IEnergyInvestmentFund.AsyncFlow.selector);
        fund.previewRedeem(1);
        vm.expectRevert(IEnergyInvestmentFund.AsyncFlow.selector);
        fund.previewWithdraw(1);
    }

    // ------------------------------------------------------------------ redemptions

    function test_redeem_requestSettleClaim() public {
        _invest(alice, 10 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.RedeemRequest(alice, alice, fund.currentEpoch(), alice, 4 ether);
        vm.prank(alice);
        fund.requestRedeem(4 ether, alice, alice);
        assertEq(fund.pendingRedeemRequest(0, alice), 4 ether);
        _settle();
        assertEq(fund.maxRedeem(alice), 4 ether);
        assertEq(fund.maxWithdraw(alice), 4 ether);
        assertEq(fund.claimableRedeemRequest(0, alice), 4 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.Withdraw(alice, bob, alice, 1 ether, 1 ether);
        vm.prank(alice);
        assertEq(fund.withdraw(1 ether, payable(bob), alice), 1 ether);
        assertEq(bob.balance, 1 ether);
        vm.prank(alice);
        assertEq(fund.redeem(3 ether, payable(alice), alice), 3 ether);
        assertEq(fund.totalOwed(), 0);
    }

    function test_requestRedeem_byAllowanceSpender() public {
        _invest(alice, 2 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1 ether));
        fund.requestRedeem(1 ether, bob, alice);
        vm.prank(alice);
        shares.approve(bob, 1 ether);
        vm.prank(bob);
        fund.requestRedeem(1 ether, bob, alice);
        assertEq(fund.pendingRedeemRequest(0, bob), 1 ether);
        assertEq(shares.allowance(alice, bob), 0);
    }

    function test_cancelRedeemRequest_openEpochOnly() public {
        _invest(alice, 2 ether);
        vm.prank(alice);
        fund.requestRedeem(1 ether, alice, alice);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.RedeemRequestCanceled(alice, fund.currentEpoch(), bob, 1 ether);
        vm.prank(alice);
        assertEq(fund.cancelRedeemRequest(alice, bob), 1 ether);
        assertEq(shares.balanceOf(bob), 1 ether);
        vm.prank(alice);
        fund.requestRedeem(1 ether, alice, alice);
        _settle();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.RequestNotCancelable.selector, alice));
        fund.cancelRedeemRequest(alice, alice);
    }

    function test_RevertWhen_redeemBadInput() public {
        _invest(alice, 10 ether);
        _purchase(vendor, 9 ether, 10);
        vm.startPrank(alice);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        fund.requestRedeem(0, alice, alice);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.requestRedeem(1, address(0), alice);
        fund.requestRedeem(5 ether, alice, alice);
        vm.stopPrank();
        uint256 e = fund.currentEpoch();
        _settle(); // 1 ETH of free cash: partly filled, the rest queued
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.PreviousRequestOpen.selector, alice, e));
        fund.requestRedeem(1 ether, alice, alice);
        uint256 c = fund.maxRedeem(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.ExceedsClaimable.selector, c + 1, c));
        fund.redeem(c + 1, payable(alice), alice);
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.SharesToFund.selector);
        shares.transfer(address(fund), 1);
    }

    function test_RevertWhen_transferWhilePaused() public {
        _invest(alice, 1 ether);
        vm.prank(admin);
        vpp.pause();
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        shares.transfer(bob, 1);
    }

    // ------------------------------------------------------------------ distributions

    function test_dividend_runsAtSettlementWithExactEvent() public {
        _invest(alice, 10 ether);
        _earn(1 ether);
        vm.prank(admin);
        uint256 e = fund.declareDividend(10_000);
        uint256 mdps = uint256(1 ether) * 2 ** 64 / 10 ether;
        vm.warp(fund.nextEpochAt());
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DividendDeclared(1, admin, false, 1 ether, 10_000, 10 ether, mdps);
        assertEq(fund.settleEpoch(), e);
        assertEq(fund.dividendCount(), 1);
        assertEq(fund.totalDividendsDeclared(), 1 ether);
        assertEq(fund.magnifiedDividendPerShare(), mdps);
        // the accumulator floors 2^64/10: alice gets 1 ETH − 1 wei now; the last wei is split between her carried
        // fraction (hers, paid once it adds up) and the ledger's ceil slack (< 1 wei, not swept yet)
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DividendWithdrawn(alice, carol, 1 ether - 1);
        vm.prank(alice);
        assertEq(fund.withdrawDividendsTo(payable(carol)), 1 ether - 1);
        assertEq(fund.totalDividendsWithdrawn(), 1 ether - 1);
        _settle();
        assertEq(fund.totalOwed(), 1);
        assertEq(fund.totalDustSwept(), 0);
        assertGt(fund.dividendDust(), 0);
        assertLt(fund.dividendDust(), 2 ** 64);
        vm.prank(alice);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        fund.withdrawDividends();
    }

    function test_RevertWhen_declareBadInput() public {
        _invest(alice, 1 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        fund.declareDividend(1);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.InvalidBasisPoints.selector, 0));
        fund.declareDividend(0);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.InvalidBasisPoints.selector, 10_001));
        fund.declareDividend(10_001);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        fund.declareDividend(10_000);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        fund.returnCapital(0);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.InsufficientFreeBalance.selector, 2 ether, 1 ether)
        );
        fund.returnCapital(2 ether);
        vm.expectRevert(IEnergyInvestmentFund.NothingToDistribute.selector);
        fund.cancelDistributions();
        vpp.pause();
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        fund.returnCapital(1);
        vm.stopPrank();
    }

    function test_cancelDistributions() public {
        _invest(alice, 2 ether);
        _earn(1 ether);
        vm.startPrank(admin);
        fund.declareDividend(5_000);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DistributionScheduled(1 + 1, admin, true, 0, 1 ether);
        fund.returnCapital(1 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.DistributionsCanceled(2, admin);
        fund.cancelDistributions();
        vm.stopPrank();
        _settle();
        assertEq(fund.dividendCount(), 0);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        fund.cancelDistributions();
    }

    function test_RevertWhen_dividendToRejecter() public {
        EtherRejecter r = new EtherRejecter();
        vm.deal(address(r), 1 ether);
        r.requestDeposit{value: 1 ether}(fund);
        _settle();
        vm.prank(address(r));
        fund.mint(1 ether, address(r), address(r));
        _earn(1 ether);
        _declare(10_000);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.EtherTransferFailed.selector, address(r), 1 ether));
        r.withdraw(fund, payable(address(r)));
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        r.withdraw(fund, payable(address(0)));
    }

    // ------------------------------------------------------------------ grants and purchases

    function test_vendorAllowanceTimelockedAndRevokedByGuardian() public {
        uint64 eta = uint64(block.timestamp + DELAY);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.VendorAllowed(vendor, true, owner, eta);
        vm.prank(owner);
        fund.setVendorAllowed(vendor, true);
        assertFalse(fund.isVendorAllowed(vendor));
        assertEq(fund.vendorAllowedAt(vendor), eta);
        vm.warp(eta);
        assertTrue(fund.isVendorAllowed(vendor));
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.VendorAllowed(vendor, false, admin, 0);
        vm.prank(admin);
        fund.setVendorAllowed(vendor, false);
        assertFalse(fund.isVendorAllowed(vendor));
    }

    function test_RevertWhen_grantsByWrongRole() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotOwner.selector, admin));
        fund.setVendorAllowed(vendor, true);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotOwner.selector, admin));
        fund.setPurchaser(carol, true);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        fund.setVendorAllowed(vendor, false);
        vm.prank(owner);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.setVendorAllowed(address(fund), true);
        vm.prank(owner);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.setPurchaser(address(0), true);
    }

    function test_purchaserGrantTimelocked() public {
        _invest(alice, 10 ether);
        _allowVendor();
        uint64 eta = uint64(block.timestamp + DELAY);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.PurchaserSet(carol, true, owner, eta);
        vm.prank(owner);
        fund.setPurchaser(carol, true);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotPurchaser.selector, carol));
        fund.proposePurchase(vendor, 1 ether, 10, _config());
        vm.warp(eta);
        assertTrue(fund.isPurchaser(carol));
        assertEq(fund.purchaserAt(carol), eta);
        vm.prank(carol);
        fund.proposePurchase(vendor, 1 ether, 10, _config());
    }

    function _allowVendor() internal {
        vm.prank(owner);
        fund.setVendorAllowed(vendor, true);
        vm.warp(block.timestamp + DELAY);
    }

    function test_purchase_proposeExecuteWithdraw() public {
        _invest(alice, 10 ether);
        _allowVendor();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        bytes32 h = keccak256(abi.encode(vendor, 4 ether, uint32(10), c));
        uint64 eta = uint64(block.timestamp + DELAY);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.PurchaseProposed(1, vendor, owner, 4 ether, 10, eta, h);
        vm.prank(owner);
        uint256 pid = fund.proposePurchase(vendor, 4 ether, 10, c);
        assertEq(fund.purchaseEta(pid), eta);
        assertEq(fund.proposedPurchaseValue(), 4 ether);
        vm.warp(eta);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.BatteryPurchased(1, vendor, owner, 4 ether, pid);
        vm.prank(owner);
        uint256 id = fund.executePurchase(pid, vendor, 4 ether, 10, c);
        assertEq(fund.batteryBookValue(id), 4 ether);
        assertEq(fund.proposedPurchaseValue(), 0);
        assertEq(fund.vendorBalanceOf(vendor), 4 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.VendorPaymentWithdrawn(vendor, carol, 4 ether);
        vm.prank(vendor);
        assertEq(fund.withdrawVendorPayment(payable(carol)), 4 ether);
        vm.prank(vendor);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        fund.withdrawVendorPayment(payable(carol));
        vm.prank(vendor);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAddress.selector);
        fund.withdrawVendorPayment(payable(address(0)));
    }

    function test_RevertWhen_purchaseBadInput() public {
        _invest(alice, 10 ether);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.VendorNotAllowed.selector, vendor));
        fund.proposePurchase(vendor, 1 ether, 10, c);
        vm.stopPrank();
        _allowVendor();
        vm.startPrank(owner);
        vm.expectRevert(IEnergyInvestmentFund.ZeroAmount.selector);
        fund.proposePurchase(vendor, 0, 10, c);
        vm.expectRevert(IEnergyInvestmentFund.InvalidLife.selector);
        fund.proposePurchase(vendor, 1 ether, 0, c);
        uint256 pid = fund.proposePurchase(vendor, 600 ether, 10, c);
        // the live proposals' total is capped
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.PurchaseAboveCap.selector, 1_100 ether, 1_000 ether)
        );
        fund.proposePurchase(vendor, 500 ether, 10, c);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.UnknownProposal.selector, 99));
        fund.executePurchase(99, vendor, 600 ether, 10, c);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.ProposalMismatch.selector, pid));
        fund.executePurchase(pid, vendor, 601 ether, 10, c);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.TimelockNotElapsed.selector, block.timestamp + DELAY)
        );
        fund.executePurchase(pid, vendor, 600 ether, 10, c);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.InsufficientFreeBalance.selector, 600 ether, 10 ether)
        );
        fund.executePurchase(pid, vendor, 600 ether, 10, c);
        vm.stopPrank();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotPurchaser.selector, stranger));
        fund.executePurchase(pid, vendor, 600 ether, 10, c);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, stranger));
        fund.cancelPurchase(pid);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.PurchaseCanceled(pid, admin);
        vm.prank(admin);
        fund.cancelPurchase(pid);
        assertEq(fund.proposedPurchaseValue(), 0, "cap freed");
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.UnknownProposal.selector, pid));
        fund.cancelPurchase(pid);
    }

    // The owner cannot shorten the guardians' veto by removing them: a removed admin can still cancel for one
    // timelock delay, which covers every proposal made before the removal.
    function test_removedGuardianKeepsVetoForOneDelay() public {
        _invest(alice, 10 ether);
        _allowVendor();
        vm.startPrank(owner);
        uint256 pid = fund.proposePurchase(vendor, 5 ether, 10, _config());
        vpp.removeAdmin(admin);
        vm.stopPrank();
        assertFalse(vpp.isAdmin(admin));
        assertTrue(vpp.isGuardian(admin));
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(admin);
        fund.cancelPurchase(pid);
        vm.warp(block.timestamp + 1);
        assertFalse(vpp.isGuardian(admin));
        vm.prank(owner);
        pid = fund.proposePurchase(vendor, 5 ether, 10, _config());
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, admin));
        fund.cancelPurchase(pid);
    }

    // ------------------------------------------------------------------ system hooks

    function test_RevertWhen_hooksFromOthers() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotTrader.selector, stranger));
        fund.settleBatch(0, 0, 0, address(market));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotVpp.selector, stranger));
        fund.writeOffBattery(1);
        vm.deal(stranger, 1 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.DirectEtherRejected.selector, stranger));
        (bool ok,) = address(fund).call{value: 1}("");
        ok;
    }

    function test_RevertWhen_marketPaysShort() public {
        ShortPayMarket m = new ShortPayMarket();
        vm.deal(address(m), 1 ether);
        vm.prank(address(trader));
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.UnexpectedSettlement.selector, 1 ether, 1 ether - 1)
        );
        fund.settleBatch(1 ether, 0, 1 ether, address(m));
    }

    function test_RevertWhen_batchCostAboveFreeCash() public {
        _invest(alice, 1 ether);
        vm.prank(address(trader));
        vm.expectRevert(
            abi.encodeWithSelector(IEnergyInvestmentFund.InsufficientFreeBalance.selector, 2 ether, 1 ether)
        );
        fund.settleBatch(-2 ether, 2 ether, 0, address(market));
    }

    function test_settleBatch_emitsAndBooks() public {
        _invest(alice, 5 ether);
        vm.expectEmit(address(fund));
        emit IEnergyInvestmentFund.BatchSettled(-1 ether, 1 ether, 0, address(market));
        vm.prank(address(trader));
        fund.settleBatch(-1 ether, 1 ether, 0, address(market));
        assertEq(fund.storedEnergyValue(), 1 ether);
        assertEq(fund.netAssetValue(), 5 ether);
        (uint256 free, uint256 earnings, uint256 capital, int256 stored, uint256 book, uint256 owed, int256 nav) =
            fund.navComponents();
        assertEq(free, 4 ether);
        assertEq(earnings, 0);
        assertEq(capital, 4 ether);
        assertEq(stored, 1 ether);
        assertEq(book, 0);
        assertEq(owed, 0);
        assertEq(nav, 5 ether);
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev A round trip (deposit, settle, claim, redeem, settle, claim) never returns more than was paid in.
    function testFuzz_roundTripNeverProfits(uint96 seed, uint96 amount) public {
        _invest(alice, bound(seed, 1e6, 1_000 ether));
        uint256 a = bound(amount, 1, 1_000 ether);
        _request(bob, a);
        _settle();
        uint256 s = fund.maxMint(bob);
        if (s == 0) return;
        vm.prank(bob);
        fund.mint(s, bob, bob);
        vm.prank(bob);
        fund.requestRedeem(s, bob, bob);
        _settle();
        uint256 out = fund.maxWithdraw(bob);
        assertLe(out, a);
        vm.prank(bob);
        fund.withdraw(out, payable(bob), bob);
        assertGe(address(fund).balance, fund.totalOwed());
    }
}
