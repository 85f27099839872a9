// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Base} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IGridMarket} from "../src/interfaces/IGridMarket.sol";

/// @notice An account that, on receiving ether, makes one armed call (any target, any calldata, any value) and
///         records its outcome instead of reverting; or refuses every ether transfer.
contract Attacker {
    address public target;
    bytes public data;
    uint256 public value;
    bool public armed;
    bool public rejectEther;
    bool public reentered;
    bool public reentryOk;
    bytes public reentryRet;
    uint256 public received;

    function arm(address t, bytes calldata d, uint256 v) external {
        (target, data, value, armed) = (t, d, v, true);
    }

    function setReject(bool r) external {
        rejectEther = r;
    }

    receive() external payable {
        if (rejectEther) revert("no ether");
        received += msg.value;
        if (!armed) return;
        armed = false;
        reentered = true;
        (reentryOk, reentryRet) = target.call{value: value}(data);
    }
}

/// @notice A settlement counterparty that re-enters (armed call, outcome recorded) before paying or after being
///         paid: a market swapped in by the owner is trusted, but must not be able to double-settle.
contract ReentrantMarket {
    address public target;
    bytes public data;
    bool public armed;
    bool public reentryOk;
    bytes public reentryRet;

    receive() external payable {}

    function arm(address t, bytes calldata d) external {
        (target, data, armed) = (t, d, true);
    }

    function _reenter() internal {
        if (!armed) return;
        armed = false;
        (reentryOk, reentryRet) = target.call(data);
    }

    function payFund(uint256 amount) external {
        _reenter();
        (bool ok,) = msg.sender.call{value: amount}("");
        require(ok, "pay");
    }

    function receivePayment() external payable {
        _reenter();
    }
}

/// @notice Reentrancy attackers on every ether path of the system (deposit refunds, redemption claims, dividend
///         withdrawals, vendor payments, the market's payFund / receivePayment inside settleBatch, the market's own
///         payouts), each re-entering the same or another function: every re-entry is either blocked with
///         ReentrancyGuardReentrantCall or harmless, and the books are exact afterwards. Receivers that revert lock
///         only their own money (pull payments, any receiver).
contract ReentrancyTest is Base {
    Attacker internal attacker;
    Attacker internal accomplice;
    address internal a;
    uint256 internal batteryId;

    bytes internal guard = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);

    function setUp() public override {
        super.setUp();
        attacker = new Attacker();
        accomplice = new Attacker();
        a = address(attacker);
        vm.label(a, "attacker");
        vm.label(address(accomplice), "accomplice");
        batteryId = _addBattery();
        _invest(alice, 10 ether);
        _invest(a, 5 ether);
        _earn(1 ether);
        _declare(10_000); // the attacker is owed a third of 1 ETH
        _purchase(a, 1 ether, 10); // the attacker is also a vendor, owed 1 ETH
        vm.prank(a);
        fund.requestRedeem(2 ether, a, a);
        _settle(); // the attacker has a claimable redemption
        // forge-lint: disable-next-line(block-timestamp)
        while (fund.nextEpochAt() <= block.timestamp) {
            _settle();
        }
        _request(a, 1 ether); // and a pending deposit it can cancel
        vm.warp(fund.nextEpochAt()); // settleEpoch is due: a re-entered settlement would run
        assertGt(fund.withdrawableDividendOf(a), 0);
        assertGt(fund.maxWithdraw(a), 0);
        assertEq(fund.vendorBalanceOf(a), 1 ether);
        assertEq(fund.pendingDepositRequest(0, a), 1 ether);
    }

    // ------------------------------------------------------------------ the ether paths out of the fund

    uint256 internal constant PATHS = 6;

    /// @dev The attacker's outer call on path `p`, the ether it must receive, and a name.
    function _path(uint256 p) internal view returns (bytes memory call, uint256 amount, string memory name) {
        if (p == 0) {
            return (abi.encodeCall(IEnergyInvestmentFund.cancelDepositRequest, (a, payable(a))), 1 ether, "refund");
        }
        if (p == 1) {
            return (
                abi.encodeCall(IEnergyInvestmentFund.redeem, (fund.maxRedeem(a), payable(a), a)),
                fund.maxWithdraw(a),
                "redeem"
            );
        }
        if (p == 2) {
            return (
                abi.encodeCall(IEnergyInvestmentFund.withdraw, (fund.maxWithdraw(a), payable(a), a)),
                fund.maxWithdraw(a),
                "withdraw"
            );
        }
        if (p == 3) {
            return
                (
                    abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()),
                    fund.withdrawableDividendOf(a),
                    "dividends"
                );
        }
        if (p == 4) {
            return (
                abi.encodeCall(IEnergyInvestmentFund.withdrawDividendsTo, (payable(a))),
                fund.withdrawableDividendOf(a),
                "dividendsTo"
            );
        }
        return (abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(a))), 1 ether, "vendor");
    }

    /// @dev What the attacker still has owed on path `p` (0 after a full claim).
    function _owedOn(uint256 p) internal view returns (uint256) {
        if (p == 0) return fund.pendingDepositRequest(0, a);
        if (p == 1 || p == 2) return fund.maxWithdraw(a);
        if (p == 3 || p == 4) return fund.withdrawableDividendOf(a);
        return fund.vendorBalanceOf(a);
    }

    uint256 internal constant REENTRIES = 17;
    uint256 internal constant FIRST_UNGUARDED = 14;

    /// @dev Calls made from inside the callback: 0..13 are nonReentrant fund functions (same or other function,
    ///      money in and out, the settlement, the trader's hook), 14..16 are not guarded (share transfer,
    ///      approval, operator) and must be harmless.
    function _reentry(uint256 r) internal view returns (bytes memory call, uint256 value, string memory name) {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        address acc = address(accomplice);
        if (r == 0) return (abi.encodeCall(IEnergyInvestmentFund.requestDeposit, (1, a, a)), 1, "requestDeposit");
        if (r == 1) return (abi.encodeCall(IEnergyInvestmentFund.requestRedeem, (1, a, a)), 0, "requestRedeem");
        if (r == 2) {
            return (abi.encodeCall(IEnergyInvestmentFund.cancelDepositRequest, (a, payable(a))), 0, "cancelDeposit");
        }
        if (r == 3) return (abi.encodeCall(IEnergyInvestmentFund.cancelRedeemRequest, (a, a)), 0, "cancelRedeem");
        if (r == 4) return (abi.encodeCall(IEnergyInvestmentFund.deposit, (1, a, a)), 0, "deposit");
        if (r == 5) return (abi.encodeCall(IEnergyInvestmentFund.mint, (1, a, a)), 0, "mint");
        if (r == 6) return (abi.encodeCall(IEnergyInvestmentFund.redeem, (1, payable(a), a)), 0, "redeem");
        if (r == 7) return (abi.encodeCall(IEnergyInvestmentFund.withdraw, (1, payable(a), a)), 0, "withdraw");
        if (r == 8) return (abi.encodeCall(IEnergyInvestmentFund.settleEpoch, ()), 0, "settleEpoch");
        if (r == 9) return (abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()), 0, "withdrawDividends");
        if (r == 10) {
            return (abi.encodeCall(IEnergyInvestmentFund.withdrawDividendsTo, (payable(a))), 0, "withdrawDividendsTo");
        }
        if (r == 11) {
            return (abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(a))), 0, "vendorPayment");
        }
        if (r == 12) {
            return (abi.encodeCall(IEnergyInvestmentFund.executePurchase, (1, a, 1 ether, 10, c)), 0, "executePurchase");
        }
        if (r == 13) {
            return (
                abi.encodeCall(IEnergyInvestmentFund.settleBatch, (1 ether, 0, 1 ether, address(market))),
                0,
                "settleBatch"
            );
        }
        if (r == 14) return (abi.encodeCall(IERC20.transfer, (acc, 1 ether)), 0, "transfer");
        if (r == 15) return (abi.encodeCall(IERC20.approve, (acc, 1)), 0, "approve");
        return (abi.encodeCall(IEnergyInvestmentFund.setOperator, (acc, true)), 0, "setOperator");
    }

    struct Books {
        uint256 balance;
        uint256 owed;
        uint256 free;
        int256 nav;
        uint256 supply;
        uint256 aliceDividends;
        uint256 aliceShares;
        uint256 attackerShares;
    }

    function _books() internal view returns (Books memory b) {
        b.balance = address(fund).balance;
        b.owed = fund.totalOwed();
        b.free = fund.freeBalance();
        b.nav = fund.netAssetValue();
        b.supply = shares.totalSupply();
        b.aliceDividends = fund.withdrawableDividendOf(alice);
        b.aliceShares = shares.balanceOf(alice);
        b.attackerShares = shares.balanceOf(a) + shares.balanceOf(address(accomplice));
    }

    /// Every ether path x every re-entry: guarded calls fail with ReentrancyGuardReentrantCall, the others are
    /// harmless; the attacker receives exactly what it was owed, once; the fund's balance and owed total drop by
    /// exactly that; free cash, NAV, supply and every other holder's claims are unchanged.
    function test_everyEtherPath_everyReentry_blockedOrHarmless() public {
        for (uint256 p; p < PATHS; ++p) {
            for (uint256 r; r < REENTRIES; ++r) {
                uint256 snap = vm.snapshotState();
                (bytes memory outer, uint256 amount, string memory pathName) = _path(p);
                (bytes memory inner, uint256 value, string memory reName) = _reentry(r);
                string memory cell = string.concat(pathName, " <- ", reName);
                assertGt(amount, 0, cell);
                attacker.arm(address(fund), inner, value);
                Books memory before = _books();

                vm.prank(a);
                (bool ok, bytes memory ret) = address(fund).call(outer);
                assertTrue(ok, string.concat(cell, ": outer call reverted ", vm.toString(ret)));

                assertTrue(attacker.reentered(), cell);
                if (r < FIRST_UNGUARDED) {
                    assertFalse(attacker.reentryOk(), string.concat(cell, ": re-entry went through"));
                    assertEq(attacker.reentryRet(), guard, cell);
                } else {
                    assertTrue(attacker.reentryOk(), string.concat(cell, ": harmless call failed"));
                }
                Books memory afterB = _books();
                assertEq(attacker.received(), amount, string.concat(cell, ": paid once, exactly"));
                assertEq(_owedOn(p), 0, string.concat(cell, ": claim consumed"));
                assertEq(afterB.balance, before.balance - amount, string.concat(cell, ": fund balance"));
                assertEq(afterB.owed, before.owed - amount, string.concat(cell, ": owed total"));
                assertEq(afterB.free, before.free, string.concat(cell, ": free cash"));
                assertEq(afterB.nav, before.nav, string.concat(cell, ": NAV"));
                assertEq(afterB.supply, before.supply, string.concat(cell, ": supply"));
                assertEq(afterB.aliceDividends, before.aliceDividends, string.concat(cell, ": alice's dividends"));
                assertEq(afterB.aliceShares, before.aliceShares, string.concat(cell, ": alice's shares"));
                assertEq(afterB.attackerShares, before.attackerShares, string.concat(cell, ": shares conserved"));
                // shares moved inside the callback carry no dividends to the accomplice
                assertEq(fund.withdrawableDividendOf(address(accomplice)), 0, string.concat(cell, ": accomplice"));
                assertGe(address(fund).balance, fund.totalOwed(), cell);
                vm.revertToState(snap);
            }
        }
    }

    /// The classic dividend double-spend: paid, the attacker moves its shares to an accomplice who claims again,
    /// inside the callback (blocked) and afterwards (nothing: dividends stay with the account that earned them).
    function test_dividendsFollowTheEarnerNotTheShares() public {
        uint256 owed = fund.withdrawableDividendOf(a);
        uint256 bal = shares.balanceOf(a);
        accomplice.arm(address(fund), abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()), 0);
        attacker.arm(address(accomplice), "", 1); // forwards 1 wei: the accomplice's receive() re-enters
        vm.prank(a);
        assertTrue(IERC20(address(fund)).transfer(address(accomplice), bal));
        vm.prank(a);
        assertEq(fund.withdrawDividends(), owed);
        assertEq(accomplice.reentryRet(), guard);
        vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
        vm.prank(address(accomplice));
        fund.withdrawDividends();
        assertEq(attacker.received(), owed);
        assertGe(address(fund).balance, fund.totalOwed());
    }

    // ------------------------------------------------------------------ the market inside settleBatch

    function _swapMarket(address m) internal {
        vm.prank(owner);
        trader.proposeGridMarket(m);
        vm.warp(block.timestamp + DELAY);
        vm.prank(owner);
        trader.executeGridMarket();
    }

    /// @dev Calls a market may try from inside payFund / receivePayment, and whether they must be blocked by the
    ///      fund's guard (else: the trader's own skip makes them harmless).
    function _marketReentry(uint256 r) internal view returns (address t, bytes memory call, bool guarded) {
        if (r == 0) {
            return (address(fund), abi.encodeCall(IEnergyInvestmentFund.settleBatch, (1, 0, 1, address(0))), true);
        }
        if (r == 1) return (address(fund), abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()), true);
        if (r == 2) return (address(fund), abi.encodeCall(IEnergyInvestmentFund.settleEpoch, ()), true);
        if (r == 3) {
            return (address(fund), abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(a))), true);
        }
        if (r == 4) {
            return (address(fund), abi.encodeCall(IEnergyInvestmentFund.cancelDepositRequest, (a, payable(a))), true);
        }
        // a dispatch from inside the fund's settlement: refused (FundBusy), not skipped
        return (address(trader), abi.encodeCall(IEnergyTrader.dispatch, (_ids(batteryId))), false);
    }

    function _assertMarketReentry(ReentrantMarket evil, bool guarded, uint256 r) internal view {
        if (guarded) {
            assertFalse(evil.reentryOk(), vm.toString(r));
            assertEq(evil.reentryRet(), guard, vm.toString(r));
        } else {
            assertFalse(evil.reentryOk(), "a dispatch re-entered during a fund call is refused");
            assertEq(evil.reentryRet(), abi.encodeWithSelector(IEnergyTrader.FundBusy.selector));
        }
    }

    /// The fund pays a (swapped-in, re-entering) market for a charge: every re-entry is blocked or skipped and the
    /// fund pays exactly the quoted cost once, booked as inventory.
    function test_marketReenteringOnReceivePayment() public {
        ReentrantMarket evil = new ReentrantMarket();
        _swapMarket(address(evil));
        _nextInterval();
        _push(0.005 ether); // charge
        (,,, int256 value,) = trader.quote(vpp.dispatchState(batteryId), 0.005 ether, INTERVAL);
        uint256 cost = uint256(-value);
        for (uint256 r; r < 6; ++r) {
            uint256 snap = vm.snapshotState();
            (address t, bytes memory call, bool guarded) = _marketReentry(r);
            evil.arm(t, call);
            uint256 fundBefore = address(fund).balance;
            int256 invBefore = fund.storedEnergyValue();
            int256 navBefore = fund.netAssetValue();
            _dispatch(batteryId);
            _assertMarketReentry(evil, guarded, r);
            assertEq(address(fund).balance, fundBefore - cost, "paid once");
            assertEq(address(evil).balance, cost);
            assertEq(fund.storedEnergyValue(), invBefore + int256(cost), "booked at cost");
            assertEq(fund.netAssetValue(), navBefore, "NAV unchanged by a charge");
            assertEq(_soc(batteryId), uint256(416) * 9_000 / 10_000, "stored once");
            vm.revertToState(snap);
        }
    }

    /// The market pays the fund for a discharge from a re-entering market: blocked or skipped; the fund receives
    /// exactly the quote once (the fund accepts ether only from the settling market, and checks the amount).
    function test_marketReenteringOnPayFund() public {
        _nextInterval();
        _push(0.005 ether);
        _dispatch(batteryId); // charged through the reference market
        uint64 soc = _soc(batteryId);
        assertGt(soc, 0);
        ReentrantMarket evil = new ReentrantMarket();
        vm.deal(address(evil), 10 ether);
        _swapMarket(address(evil));
        _nextInterval();
        _push(1 ether); // discharge
        (,,, int256 value,) = trader.quote(vpp.dispatchState(batteryId), 1 ether, INTERVAL);
        uint256 revenue = uint256(value);
        for (uint256 r; r < 6; ++r) {
            uint256 snap = vm.snapshotState();
            (address t, bytes memory call, bool guarded) = _marketReentry(r);
            evil.arm(t, call);
            uint256 fundBefore = address(fund).balance;
            int256 realisedBefore = fund.realisedProfit();
            _dispatch(batteryId);
            _assertMarketReentry(evil, guarded, r);
            assertEq(address(fund).balance, fundBefore + revenue, "received once");
            assertEq(address(evil).balance, 10 ether - revenue);
            assertEq(_soc(batteryId), 0, "discharged once");
            assertEq(fund.storedEnergyValue(), 0);
            assertGt(fund.realisedProfit(), realisedBefore);
            vm.revertToState(snap);
        }
    }

    /// The reference market's payouts are guarded too: an authorized fund that re-enters payFund from its
    /// receive() is paid once.
    function test_gridMarketPayFundReentryBlocked() public {
        vm.prank(owner);
        market.setFundAuthorized(a, true);
        attacker.arm(address(market), abi.encodeCall(IGridMarket.payFund, (1 ether)), 0);
        uint256 before = address(market).balance;
        vm.prank(a);
        market.payFund(1 ether);
        assertEq(attacker.reentryRet(), guard);
        assertEq(attacker.received(), 1 ether);
        assertEq(address(market).balance, before - 1 ether);
    }

    // ------------------------------------------------------------------ the trader from inside a fund callback

    /// Griefing found by this suite (fixed): a dispatch made from inside a fund callback (anyone can get one:
    /// requestDeposit then cancelDepositRequest to a contract receiver) found the fund's guard locked, so the batch's
    /// settlement failed and every trading battery in it was skipped with SettlementFailed, using up the interval.
    /// Now the trader reverts FundBusy (the fund exposes `busy()`): the re-entry fails, the interval stays open.
    function test_dispatchFromAFundCallbackIsRefusedAndLeavesTheIntervalOpen() public {
        _nextInterval();
        _push(0.005 ether);
        uint64 interval = trader.currentInterval();
        attacker.arm(address(trader), abi.encodeCall(IEnergyTrader.dispatch, (_ids(batteryId))), 0);
        uint256 fundBefore = address(fund).balance;
        uint256 marketBefore = address(market).balance;
        vm.prank(a);
        fund.cancelDepositRequest(a, payable(a));
        assertFalse(attacker.reentryOk(), "the re-entered dispatch must fail");
        assertEq(attacker.reentryRet(), abi.encodeWithSelector(IEnergyTrader.FundBusy.selector));
        assertEq(address(fund).balance, fundBefore - 1 ether, "only the refund left");
        assertEq(address(market).balance, marketBefore);
        assertEq(_soc(batteryId), 0);
        assertTrue(trader.lastDispatchedInterval(batteryId) != interval, "the interval stays open");
        // a normal dispatch afterwards trades in the same interval
        _dispatch(batteryId);
        assertEq(trader.lastDispatchedInterval(batteryId), interval);
        assertGt(_soc(batteryId), 0, "charged at the low price");
    }

    // ------------------------------------------------------------------ receivers that revert

    /// A receiver that refuses ether locks only its own claims, which stay owed and can be pulled to any other
    /// receiver; settlements and everyone else's claims go on.
    function test_revertingReceiverLocksOnlyItsOwnMoney() public {
        attacker.setReject(true);
        uint256[PATHS] memory owedBefore;
        for (uint256 p; p < PATHS; ++p) {
            owedBefore[p] = _owedOn(p);
            (bytes memory call, uint256 amount,) = _path(p);
            vm.prank(a);
            (bool ok, bytes memory ret) = address(fund).call(call);
            assertFalse(ok);
            assertEq(ret, abi.encodeWithSelector(IEnergyInvestmentFund.EtherTransferFailed.selector, a, amount));
            assertEq(_owedOn(p), owedBefore[p], "still owed");
        }
        // alice: dividends, a redemption through a settlement, all while the attacker's money is stuck
        uint256 aliceDiv = fund.withdrawableDividendOf(alice);
        vm.prank(alice);
        assertEq(fund.withdrawDividends(), aliceDiv);
        vm.prank(alice);
        fund.requestRedeem(1 ether, alice, alice);
        _settle();
        uint256 out = fund.maxWithdraw(alice);
        assertGt(out, 0);
        uint256 aliceEth = alice.balance;
        vm.prank(alice);
        fund.withdraw(out, payable(alice), alice);
        assertEq(alice.balance, aliceEth + out);
        // the attacker pulls everything to another receiver (its deposit was settled meanwhile: now claimable)
        uint256 owedTotal = fund.totalOwed();
        uint256 dividends = fund.withdrawableDividendOf(a);
        uint256 redemption = fund.maxWithdraw(a);
        vm.startPrank(a);
        fund.withdrawDividendsTo(payable(carol));
        fund.withdraw(redemption, payable(carol), a);
        fund.withdrawVendorPayment(payable(carol));
        vm.stopPrank();
        assertEq(carol.balance, dividends + redemption + 1 ether);
        assertEq(fund.totalOwed(), owedTotal - carol.balance);
        assertGe(address(fund).balance, fund.totalOwed());
    }

    /// A refund can always be sent elsewhere: a rejecting controller cancels its deposit to another receiver.
    function test_revertingReceiverCancelsToAnotherReceiver() public {
        attacker.setReject(true);
        vm.prank(a);
        assertEq(fund.cancelDepositRequest(a, payable(carol)), 1 ether);
        assertEq(carol.balance, 1 ether);
    }
}
// forge-lint: disable-end(unsafe-typecast)
