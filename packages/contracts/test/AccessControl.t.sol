// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../src/interfaces/IEnergyPriceOracle.sol";
import {IGridMarket} from "../src/interfaces/IGridMarket.sol";

/// @notice Every privileged function called by every role: exactly the right ones pass, everyone else gets the
///         access error (never a side effect). Each call runs from the same snapshot.
contract AccessControlTest is Base {
    uint8 internal constant OWNER = 1;
    uint8 internal constant ADMIN = 2;
    uint8 internal constant REPORTER = 4;
    uint8 internal constant STRANGER = 8;
    uint8 internal constant FUND = 16;
    uint8 internal constant TRADER = 32;
    uint8 internal constant VENDOR = 64;
    uint8 internal constant NONE = 0;

    uint256 internal batteryId;

    function setUp() public override {
        super.setUp();
        batteryId = _addBattery();
        _invest(alice, 10 ether);
        _earn(1 ether);
        _push(0.02 ether);
    }

    function _callers() internal view returns (address[7] memory c) {
        c = [owner, admin, reporter, stranger, address(fund), address(trader), vendor];
    }

    function _isAccessError(bytes memory ret) internal pure returns (bool) {
        if (ret.length < 4) return false;
        bytes4 s = bytes4(ret);
        return s == IVirtualPowerPlant.NotAdmin.selector || s == IVirtualPowerPlant.NotFund.selector
            || s == IVirtualPowerPlant.NotTrader.selector || s == IEnergyTrader.NotOwner.selector
            || s == IOwnableLike.OwnableUnauthorizedAccount.selector || s == IEnergyPriceOracle.NotReporter.selector
            || s == IGridMarket.NotAuthorizedFund.selector;
    }

    function _check(string memory name, address target, bytes memory data, uint256 value, uint8 allowed) internal {
        address[7] memory callers = _callers();
        for (uint256 i; i < callers.length; i++) {
            uint256 snap = vm.snapshotState();
            vm.deal(callers[i], callers[i].balance + value);
            vm.prank(callers[i]);
            (bool ok, bytes memory ret) = target.call{value: value}(data);
            bool shouldPass = (allowed >> i) & 1 == 1;
            if (shouldPass) {
                assertTrue(ok, string.concat(name, ": should pass for caller #", vm.toString(i)));
            } else {
                assertFalse(ok, string.concat(name, ": should revert for caller #", vm.toString(i)));
                assertTrue(
                    _isAccessError(ret), string.concat(name, ": not an access error for caller #", vm.toString(i))
                );
                // the error names the caller
                if (ret.length == 36) assertEq(abi.decode(_tail(ret), (address)), callers[i]);
            }
            vm.revertToState(snap);
        }
    }

    function _tail(bytes memory ret) internal pure returns (bytes memory t) {
        t = new bytes(ret.length - 4);
        for (uint256 i; i < t.length; i++) {
            t[i] = ret[i + 4];
        }
    }

    // ------------------------------------------------------------------ root
    function test_AccessMatrix_VirtualPowerPlant() public {
        address v = address(vpp);
        _check("addAdmin", v, abi.encodeCall(IVirtualPowerPlant.addAdmin, (carol)), 0, OWNER);
        _check("removeAdmin", v, abi.encodeCall(IVirtualPowerPlant.removeAdmin, (admin)), 0, OWNER);
        _check("pause", v, abi.encodeCall(IVirtualPowerPlant.pause, ()), 0, OWNER | ADMIN);
        _check("addBattery", v, abi.encodeCall(IVirtualPowerPlant.addBattery, (_config())), 0, OWNER | ADMIN);
        _check(
            "updateBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.updateBattery, (batteryId, _config())),
            0,
            OWNER | ADMIN
        );
        _check(
            "decommissionBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.decommissionBattery, (batteryId)),
            0,
            OWNER | ADMIN
        );
        _check(
            "registerPurchasedBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.registerPurchasedBattery, (_config(), admin)),
            0,
            FUND
        );
        _check("recordDispatch", v, abi.encodeCall(IVirtualPowerPlant.recordDispatch, (batteryId, 1, 100)), 0, TRADER);
    }

    function test_AccessMatrix_Unpause() public {
        vm.prank(owner);
        vpp.pause();
        _check("unpause", address(vpp), abi.encodeCall(IVirtualPowerPlant.unpause, ()), 0, OWNER);
    }

    // ------------------------------------------------------------------ fund
    function test_AccessMatrix_Fund() public {
        address f = address(fund);
        _check("declareDividend", f, abi.encodeCall(IEnergyInvestmentFund.declareDividend, (5_000)), 0, OWNER | ADMIN);
        _check("returnCapital", f, abi.encodeCall(IEnergyInvestmentFund.returnCapital, (1 ether)), 0, OWNER | ADMIN);
        _check(
            "purchaseBattery",
            f,
            abi.encodeCall(IEnergyInvestmentFund.purchaseBattery, (vendor, 1 ether, _config())),
            0,
            OWNER | ADMIN
        );
        _check(
            "settleTrade",
            f,
            abi.encodeCall(IEnergyInvestmentFund.settleTrade, (batteryId, 1, 1 ether, address(market))),
            0,
            TRADER
        );
    }

    // ------------------------------------------------------------------ trader
    function test_AccessMatrix_Trader() public {
        address t = address(trader);
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 10;
        _check("setTradingParams", t, abi.encodeCall(IEnergyTrader.setTradingParams, (p)), 0, OWNER | ADMIN);
        _check("setPriceOracle", t, abi.encodeCall(IEnergyTrader.setPriceOracle, (carol)), 0, OWNER);
        _check("setGridMarket", t, abi.encodeCall(IEnergyTrader.setGridMarket, (carol)), 0, OWNER);
        // dispatch is permissionless: the outcome is fully determined by the oracle and the fleet
        _check(
            "dispatch",
            t,
            abi.encodeCall(IEnergyTrader.dispatch, (_ids(batteryId))),
            0,
            OWNER | ADMIN | REPORTER | STRANGER | FUND | TRADER | VENDOR
        );
    }

    // ------------------------------------------------------------------ oracle and market
    function test_AccessMatrix_Oracle() public {
        address o = address(oracle);
        _check("submitPrice", o, abi.encodeCall(IEnergyPriceOracle.submitPrice, (1)), 0, REPORTER);
        _check("setReporter", o, abi.encodeCall(IEnergyPriceOracle.setReporter, (carol, true)), 0, OWNER);
    }

    function test_AccessMatrix_Market() public {
        address m = address(market);
        _check("withdraw", m, abi.encodeCall(IGridMarket.withdraw, (payable(carol), 1 ether)), 0, OWNER);
        _check("setFundAuthorized", m, abi.encodeCall(IGridMarket.setFundAuthorized, (carol, true)), 0, OWNER);
        _check("receivePayment", m, abi.encodeCall(IGridMarket.receivePayment, ()), 1 ether, FUND);
        // deposit is open to anyone
        _check(
            "deposit",
            m,
            abi.encodeCall(IGridMarket.deposit, ()),
            1 ether,
            OWNER | ADMIN | REPORTER | STRANGER | FUND | TRADER | VENDOR
        );
    }

    function test_AccessMatrix_MarketPayFund() public {
        // only authorized funds; the real fund accepts the market's ether only inside a settlement, so the pass case
        // goes through the trader-driven settlement path
        address[7] memory callers = _callers();
        for (uint256 i; i < callers.length; i++) {
            if (callers[i] == address(fund)) continue;
            vm.expectRevert(abi.encodeWithSelector(IGridMarket.NotAuthorizedFund.selector, callers[i]));
            vm.prank(callers[i]);
            market.payFund(1);
        }
        uint256 before = address(fund).balance;
        _earn(1);
        assertEq(address(fund).balance, before + 1);
    }

    // ------------------------------------------------------------------ withdrawals are for the entitled only
    function test_AccessMatrix_WithdrawalsPayOnlyTheEntitled() public {
        _declare(10_000);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, _config());
        address[7] memory callers = _callers();
        for (uint256 i; i < callers.length; i++) {
            if (callers[i] == vendor) continue;
            vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
            vm.prank(callers[i]);
            fund.withdrawDividends();
            vm.expectRevert(IEnergyInvestmentFund.NothingToWithdraw.selector);
            vm.prank(callers[i]);
            fund.withdrawVendorPayment(payable(callers[i]));
        }
        vm.prank(alice);
        assertApproxEqAbs(fund.withdrawDividends(), 1 ether, 1);
        vm.prank(vendor);
        assertEq(fund.withdrawVendorPayment(payable(vendor)), 1 ether);
    }
}
// forge-lint: disable-end(unsafe-typecast)
