// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base, IOwnableLike, EtherRejecter} from "./utils/Base.t.sol";
import {IGridMarket} from "../src/interfaces/IGridMarket.sol";

/// @notice A stand-in fund that accepts the market's payments.
contract MarketClient {
    receive() external payable {}

    function pay(IGridMarket m) external payable {
        m.receivePayment{value: msg.value}();
    }

    function take(IGridMarket m, uint256 amount) external {
        m.payFund(amount);
    }
}

contract GridMarketTest is Base {
    MarketClient internal client;

    function setUp() public override {
        super.setUp();
        client = new MarketClient();
        vm.prank(owner);
        market.setFundAuthorized(address(client), true);
    }

    function test_Deposit() public {
        vm.deal(alice, 5 ether);
        vm.expectEmit(true, false, false, true, address(market));
        emit IGridMarket.MarketFunded(alice, 5 ether);
        vm.prank(alice);
        market.deposit{value: 5 ether}();
        assertEq(address(market).balance, MARKET_LIQUIDITY + 5 ether);
    }

    function test_RevertWhen_DepositZero() public {
        vm.expectRevert(IGridMarket.ZeroAmount.selector);
        market.deposit{value: 0}();
    }

    function test_Withdraw() public {
        vm.expectEmit(true, true, false, true, address(market));
        emit IGridMarket.MarketWithdrawn(alice, 3 ether, owner);
        vm.prank(owner);
        market.withdraw(payable(alice), 3 ether);
        assertEq(alice.balance, 3 ether);
        assertEq(address(market).balance, MARKET_LIQUIDITY - 3 ether);
    }

    function test_RevertWhen_WithdrawByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.withdraw(payable(stranger), 1);
    }

    function test_RevertWhen_WithdrawToZeroAddress() public {
        vm.expectRevert(IGridMarket.ZeroAddress.selector);
        vm.prank(owner);
        market.withdraw(payable(address(0)), 1);
    }

    function test_RevertWhen_WithdrawMoreThanBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGridMarket.InsufficientMarketBalance.selector, MARKET_LIQUIDITY + 1, MARKET_LIQUIDITY
            )
        );
        vm.prank(owner);
        market.withdraw(payable(owner), MARKET_LIQUIDITY + 1);
    }

    function test_RevertWhen_WithdrawToRejecter() public {
        EtherRejecter r = new EtherRejecter();
        vm.expectRevert(abi.encodeWithSelector(IGridMarket.EtherTransferFailed.selector, address(r), 1 ether));
        vm.prank(owner);
        market.withdraw(payable(address(r)), 1 ether);
    }

    function test_SetFundAuthorized() public {
        vm.expectEmit(true, true, true, true, address(market));
        emit IGridMarket.FundAuthorized(alice, true, owner);
        vm.prank(owner);
        market.setFundAuthorized(alice, true);
        assertTrue(market.isAuthorizedFund(alice));
        assertTrue(market.isAuthorizedFund(address(fund)));

        vm.expectEmit(true, true, true, true, address(market));
        emit IGridMarket.FundAuthorized(alice, false, owner);
        vm.prank(owner);
        market.setFundAuthorized(alice, false);
        assertFalse(market.isAuthorizedFund(alice));
    }

    function test_RevertWhen_SetFundAuthorizedZeroAddress() public {
        vm.expectRevert(IGridMarket.ZeroAddress.selector);
        vm.prank(owner);
        market.setFundAuthorized(address(0), true);
    }

    function test_RevertWhen_SetFundAuthorizedByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        market.setFundAuthorized(stranger, true);
    }

    function test_PayFund() public {
        vm.expectEmit(true, false, false, true, address(market));
        emit IGridMarket.PaidFund(address(client), 2 ether);
        client.take(market, 2 ether);
        assertEq(address(client).balance, 2 ether);
        assertEq(address(market).balance, MARKET_LIQUIDITY - 2 ether);
    }

    function test_RevertWhen_PayFundUnauthorized() public {
        vm.expectRevert(abi.encodeWithSelector(IGridMarket.NotAuthorizedFund.selector, stranger));
        vm.prank(stranger);
        market.payFund(1);
    }

    function test_RevertWhen_PayFundAfterDeauthorization() public {
        vm.prank(owner);
        market.setFundAuthorized(address(client), false);
        vm.expectRevert(abi.encodeWithSelector(IGridMarket.NotAuthorizedFund.selector, address(client)));
        client.take(market, 1);
    }

    function test_RevertWhen_PayFundMoreThanBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGridMarket.InsufficientMarketBalance.selector, MARKET_LIQUIDITY + 1, MARKET_LIQUIDITY
            )
        );
        client.take(market, MARKET_LIQUIDITY + 1);
    }

    function test_ReceivePayment() public {
        vm.expectEmit(true, false, false, true, address(market));
        emit IGridMarket.ReceivedFromFund(address(client), 1 ether);
        client.pay{value: 1 ether}(market);
        assertEq(address(market).balance, MARKET_LIQUIDITY + 1 ether);
    }

    function test_RevertWhen_ReceivePaymentUnauthorized() public {
        vm.deal(stranger, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IGridMarket.NotAuthorizedFund.selector, stranger));
        vm.prank(stranger);
        market.receivePayment{value: 1 ether}();
    }
}
// forge-lint: disable-end(unsafe-typecast)
