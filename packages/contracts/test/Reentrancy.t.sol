// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base} from "./utils/Base.t.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";

/// @notice An investor that re-enters the fund every time it receives ether.
contract ReentrantInvestor {
    enum Mode {
        WithdrawDividends,
        WithdrawDividendsTo,
        Invest,
        TransferSharesAndWithdraw
    }

    IEnergyInvestmentFund internal immutable fund;
    Mode public mode;
    address public accomplice;
    uint256 public attempts;
    uint256 public successes;
    uint256 public received;

    constructor(IEnergyInvestmentFund f) {
        fund = f;
    }

    function setMode(Mode m, address a) external {
        mode = m;
        accomplice = a;
    }

    function invest() external payable {
        fund.invest{value: msg.value}();
    }

    function withdraw() external returns (uint256) {
        return fund.withdrawDividends();
    }

    function withdrawTo(address payable to) external returns (uint256) {
        return fund.withdrawDividendsTo(to);
    }

    receive() external payable {
        received += msg.value;
        if (attempts >= 3) return;
        attempts++;
        bool ok;
        if (mode == Mode.WithdrawDividends) {
            (ok,) = address(fund).call(abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()));
        } else if (mode == Mode.WithdrawDividendsTo) {
            (ok,) =
                address(fund).call(abi.encodeCall(IEnergyInvestmentFund.withdrawDividendsTo, (payable(address(this)))));
        } else if (mode == Mode.Invest) {
            (ok,) = address(fund).call{value: msg.value}(abi.encodeCall(IEnergyInvestmentFund.invest, ()));
        } else {
            uint256 bal = IERC20(address(fund)).balanceOf(address(this));
            (ok,) = address(fund).call(abi.encodeCall(IERC20.transfer, (accomplice, bal)));
            Accomplice(payable(accomplice)).grab(fund);
        }
        if (ok) successes++;
    }
}

contract Accomplice {
    uint256 public got;

    function grab(IEnergyInvestmentFund fund) external {
        try fund.withdrawDividends() returns (uint256 a) {
            got += a;
        } catch {}
    }

    receive() external payable {}
}

/// @notice A vendor that re-enters withdrawVendorPayment on receiving ether.
contract ReentrantVendor {
    IEnergyInvestmentFund internal immutable fund;
    uint256 public attempts;
    uint256 public successes;
    uint256 public received;

    constructor(IEnergyInvestmentFund f) {
        fund = f;
    }

    function withdraw() external returns (uint256) {
        return fund.withdrawVendorPayment(payable(address(this)));
    }

    receive() external payable {
        received += msg.value;
        if (attempts >= 3) return;
        attempts++;
        (bool ok,) =
            address(fund).call(abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(address(this)))));
        if (ok) successes++;
    }
}

/// @notice A market that, asked to pay the fund, re-enters the fund instead of (or besides) paying.
contract ReentrantMarket {
    enum Mode {
        InvestInsteadOfPaying,
        PayAndWithdrawDividends,
        PayAndSettleAgain
    }

    IEnergyInvestmentFund internal immutable fund;
    Mode public mode;
    address public trader;
    bool public innerOk;

    constructor(IEnergyInvestmentFund f) {
        fund = f;
    }

    function setMode(Mode m, address t) external {
        mode = m;
        trader = t;
    }

    function investAsHolder() external payable {
        fund.invest{value: msg.value}();
    }

    function payFund(uint256 amount) external {
        if (mode == Mode.InvestInsteadOfPaying) {
            fund.invest{value: amount}();
        } else if (mode == Mode.PayAndWithdrawDividends) {
            (bool ok,) = msg.sender.call{value: amount}("");
            require(ok, "pay");
            (innerOk,) = address(fund).call(abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()));
        } else {
            (bool ok,) = msg.sender.call{value: amount}("");
            require(ok, "pay");
            (innerOk,) = address(fund)
                .call(abi.encodeCall(IEnergyInvestmentFund.settleTrade, (1, 1, int256(amount), address(this))));
        }
    }

    function receivePayment() external payable {}

    receive() external payable {}
}

contract ReentrancyTest is Base {
    ReentrantInvestor internal attacker;
    Accomplice internal accomplice;

    function setUp() public override {
        super.setUp();
        attacker = new ReentrantInvestor(fund);
        accomplice = new Accomplice();
        vm.deal(address(attacker), 0);
        attacker.invest{value: 1 ether}();
        _invest(alice, 3 ether);
        _earn(2 ether);
        _declare(10_000); // attacker entitled to 0.5 ether
    }

    function _assertIntact() internal view {
        assertGe(address(fund).balance, fund.totalOwed(), "fund holds what it owes");
        assertLe(
            fund.totalDividendsWithdrawn(),
            fund.totalDividendsDeclared() + fund.totalCapitalReturned(),
            "withdrawn <= declared"
        );
        assertEq(
            shares.totalSupply(),
            shares.balanceOf(address(attacker)) + shares.balanceOf(alice) + shares.balanceOf(address(accomplice))
        );
    }

    function test_Reentrancy_WithdrawDividends() public {
        uint256 entitled = fund.withdrawableDividendOf(address(attacker));
        assertApproxEqAbs(entitled, 0.5 ether, 1);
        uint256 fundBefore = address(fund).balance;
        attacker.setMode(ReentrantInvestor.Mode.WithdrawDividends, address(0));
        attacker.withdraw();
        assertEq(attacker.attempts(), 1, "re-entered");
        assertEq(attacker.received(), entitled, "paid exactly once");
        assertEq(address(attacker).balance, entitled);
        assertEq(fundBefore - address(fund).balance, entitled);
        assertEq(fund.withdrawnDividendOf(address(attacker)), entitled);
        assertEq(fund.withdrawableDividendOf(address(attacker)), 0);
        // alice is still owed her full share
        assertApproxEqAbs(fund.withdrawableDividendOf(alice), 1.5 ether, 1);
        _assertIntact();
    }

    function test_Reentrancy_WithdrawDividendsTo() public {
        uint256 entitled = fund.withdrawableDividendOf(address(attacker));
        attacker.setMode(ReentrantInvestor.Mode.WithdrawDividendsTo, address(0));
        attacker.withdrawTo(payable(address(attacker)));
        assertEq(attacker.attempts(), 1);
        assertEq(attacker.received(), entitled, "paid exactly once");
        assertEq(fund.withdrawableDividendOf(address(attacker)), 0);
        _assertIntact();
    }

    function test_Reentrancy_InvestDuringWithdrawal() public {
        uint256 entitled = fund.withdrawableDividendOf(address(attacker));
        uint256 supplyBefore = shares.totalSupply();
        attacker.setMode(ReentrantInvestor.Mode.Invest, address(0));
        attacker.withdraw();
        assertEq(attacker.received(), entitled);
        if (attacker.successes() > 0) {
            // if the re-entrant invest went through it must have been priced at NAV and left accounting intact
            assertGt(shares.totalSupply(), supplyBefore);
        } else {
            assertEq(shares.totalSupply(), supplyBefore);
        }
        assertEq(fund.withdrawableDividendOf(address(attacker)), 0);
        _assertIntact();
    }

    function test_Reentrancy_TransferSharesDuringWithdrawal() public {
        uint256 entitled = fund.withdrawableDividendOf(address(attacker));
        attacker.setMode(ReentrantInvestor.Mode.TransferSharesAndWithdraw, address(accomplice));
        attacker.withdraw();
        assertEq(attacker.received(), entitled);
        assertEq(accomplice.got(), 0, "dividends do not travel with shares");
        assertEq(fund.withdrawableDividendOf(address(accomplice)), 0);
        assertEq(fund.withdrawableDividendOf(address(attacker)), 0);
        _assertIntact();
    }

    function test_Reentrancy_WithdrawVendorPayment() public {
        ReentrantVendor v = new ReentrantVendor(fund);
        vm.prank(admin);
        fund.purchaseBattery(address(v), 1 ether, _config());
        uint256 fundBefore = address(fund).balance;
        v.withdraw();
        assertEq(v.attempts(), 1, "re-entered");
        assertEq(v.successes(), 0, "second withdrawal refused");
        assertEq(v.received(), 1 ether, "paid exactly once");
        assertEq(fundBefore - address(fund).balance, 1 ether);
        assertEq(fund.vendorBalanceOf(address(v)), 0);
        _assertIntact();
    }

    function test_Reentrancy_MarketInvestsInsteadOfPaying() public {
        ReentrantMarket m = new ReentrantMarket(fund);
        vm.deal(address(m), 10 ether);
        m.setMode(ReentrantMarket.Mode.InvestInsteadOfPaying, address(trader));
        uint256 balBefore = address(fund).balance;
        int256 profitBefore = fund.tradingProfit();
        uint256 investedBefore = fund.totalInvested();
        vm.prank(address(trader));
        try fund.settleTrade(1, 1, 1 ether, address(m)) {
            // if it went through, the ether cannot be counted both as an investment and as trading revenue
            uint256 delta = address(fund).balance - balBefore;
            uint256 counted = (fund.totalInvested() - investedBefore) + uint256(fund.tradingProfit() - profitBefore);
            assertEq(counted, delta, "ether counted twice");
        } catch {
            assertEq(address(fund).balance, balBefore);
            assertEq(fund.tradingProfit(), profitBefore);
            assertEq(fund.totalInvested(), investedBefore);
        }
        _assertIntactWith(address(m));
    }

    function test_Reentrancy_MarketWithdrawsDuringPayFund() public {
        ReentrantMarket m = new ReentrantMarket(fund);
        vm.deal(address(m), 10 ether);
        m.investAsHolder{value: 1 ether}();
        _earn(1 ether);
        _declare(10_000);
        uint256 owedToMarket = fund.withdrawableDividendOf(address(m));
        assertGt(owedToMarket, 0);
        m.setMode(ReentrantMarket.Mode.PayAndWithdrawDividends, address(trader));
        uint256 balBefore = address(fund).balance;
        vm.prank(address(trader));
        fund.settleTrade(1, 1, 0.1 ether, address(m));
        assertFalse(m.innerOk(), "re-entrant withdrawal refused");
        assertEq(address(fund).balance, balBefore + 0.1 ether);
        assertEq(fund.withdrawableDividendOf(address(m)), owedToMarket);
        _assertIntactWith(address(m));
    }

    function test_Reentrancy_MarketSettlesAgainDuringPayFund() public {
        ReentrantMarket m = new ReentrantMarket(fund);
        vm.deal(address(m), 10 ether);
        m.setMode(ReentrantMarket.Mode.PayAndSettleAgain, address(trader));
        int256 profitBefore = fund.tradingProfit();
        vm.prank(address(trader));
        fund.settleTrade(1, 1, 0.1 ether, address(m));
        assertFalse(m.innerOk(), "only the trader settles");
        assertEq(fund.tradingProfit(), profitBefore + 0.1 ether);
        _assertIntactWith(address(m));
    }

    function _assertIntactWith(address extraHolder) internal view {
        assertGe(address(fund).balance, fund.totalOwed(), "fund holds what it owes");
        assertEq(
            shares.totalSupply(),
            shares.balanceOf(address(attacker)) + shares.balanceOf(alice) + shares.balanceOf(extraHolder)
        );
    }
}
// forge-lint: disable-end(unsafe-typecast)
