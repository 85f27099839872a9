// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "forge-std/Test.sol";

import {EnergyPriceOracle} from "../src/EnergyPriceOracle.sol";
import {GridMarket} from "../src/GridMarket.sol";
import {VirtualPowerPlant} from "../src/VirtualPowerPlant.sol";
import {EnergyInvestmentFund} from "../src/EnergyInvestmentFund.sol";
import {EnergyTrader} from "../src/EnergyTrader.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";

/// @notice End-to-end smoke test of the whole system (the full suite lives in the other test files).
contract SmokeTest is Test {
    address internal owner = makeAddr("owner");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal vendor = makeAddr("vendor");

    EnergyPriceOracle internal oracle;
    GridMarket internal market;
    VirtualPowerPlant internal vpp;
    EnergyInvestmentFund internal fund;
    EnergyTrader internal trader;

    function setUp() public {
        vm.warp(1_700_000_000);
        oracle = new EnergyPriceOracle(owner, "ETH / MWh");
        market = new GridMarket(owner);
        vpp = new VirtualPowerPlant(
            owner,
            address(oracle),
            address(market),
            IEnergyTrader.TradingParams({
                intervalSeconds: 300, maxPriceAge: 600, minValidPrice: -1e24, maxValidPrice: 1e25, maxBatchSize: 10
            })
        );
        fund = EnergyInvestmentFund(payable(address(vpp.fund())));
        trader = EnergyTrader(address(vpp.trader()));
        vm.startPrank(owner);
        oracle.setReporter(owner, true);
        market.setFundAuthorized(address(fund), true);
        vm.stopPrank();
        vm.deal(owner, 100 ether);
        vm.deal(alice, 100 ether);
        vm.deal(bob, 100 ether);
        vm.prank(owner);
        market.deposit{value: 50 ether}();
    }

    function _config() internal pure returns (IVirtualPowerPlant.BatteryConfig memory) {
        return IVirtualPowerPlant.BatteryConfig({
            capacityWh: 13_500,
            maxChargeW: 5_000,
            maxDischargeW: 5_000,
            roundTripEfficiencyBps: 9_000,
            chargeBelowPrice: 20 ether,
            dischargeAbovePrice: 200 ether,
            active: true,
            serial: "PW2-0001",
            metadataURI: "ipfs://battery"
        });
    }

    function _price(int256 p) internal {
        vm.prank(owner);
        oracle.submitPrice(p);
    }

    function _one(uint256 id) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = id;
    }

    function test_EndToEnd() public {
        vm.prank(alice);
        assertEq(fund.invest{value: 10 ether}(), 10 ether);

        vm.prank(owner);
        uint256 id = fund.purchaseBattery(vendor, 5 ether, _config());
        assertEq(id, 1);
        assertEq(fund.freeBalance(), 5 ether);
        assertEq(fund.totalOwed(), 5 ether);

        // Negative price: charging earns money.
        _price(-10 ether);
        trader.dispatch(_one(id));
        // 5 kW * 300 s = 416 Wh from the grid; value = floor(416 * 10e18 / 1e6).
        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertEq(uint256(b.stateOfChargeWh), 374); // floor(416 * 0.9)
        assertEq(fund.tradingProfit(), int256(416 * 10 ether / 1e6));

        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.AlreadyDispatched.selector, id, trader.currentInterval()));
        trader.dispatch(_one(id));

        // High price: discharge.
        vm.warp(block.timestamp + 300);
        _price(300 ether);
        (bool needed, bytes memory data) = trader.checkUpkeep("");
        assertTrue(needed);
        trader.performUpkeep(data);
        assertEq(uint256(vpp.battery(id).stateOfChargeWh), 0);
        uint256 profit = 416 * 10 ether / 1e6 + 374 * 300 ether / 1e6;
        assertEq(fund.tradingProfit(), int256(416 * 10 ether / 1e6 + 374 * 300 ether / 1e6));
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed);

        // Bob pays NAV per share.
        vm.prank(bob);
        uint256 bobShares = fund.invest{value: 1 ether}();
        assertEq(bobShares, uint256(1 ether) * 10 ether / (10 ether + profit));

        vm.prank(owner);
        (uint256 dividendId, uint256 amount) = fund.declareDividend(10_000);
        assertEq(dividendId, 1);
        assertEq(amount, profit);
        assertGe(address(fund).balance, fund.totalOwed());

        vm.prank(alice);
        uint256 got = fund.withdrawDividends();
        assertApproxEqAbs(got, amount * 10 ether / (10 ether + bobShares), 1);
        vm.prank(vendor);
        assertEq(fund.withdrawVendorPayment(payable(vendor)), 5 ether);
        assertGe(address(fund).balance, fund.totalOwed());
    }

    function test_PauseBlocksTradingButNotWithdrawals() public {
        vm.prank(alice);
        fund.invest{value: 1 ether}();
        vm.prank(owner);
        fund.purchaseBattery(vendor, 0.5 ether, _config());
        vm.prank(owner);
        vpp.pause();
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        vm.prank(alice);
        fund.invest{value: 1 ether}();
        vm.expectRevert(IEnergyInvestmentFund.SystemIsPaused.selector);
        vm.prank(alice);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        fund.transfer(bob, 1);
        _price(1 ether);
        vm.expectRevert(IEnergyTrader.SystemIsPaused.selector);
        trader.dispatch(_one(1));
        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(vendor));
        assertEq(vendor.balance, 0.5 ether);
    }

    function test_DecommissionKeepsFleetConsistent() public {
        vm.startPrank(owner);
        for (uint256 i; i < 5; ++i) {
            vpp.addBattery(_config());
        }
        vpp.decommissionBattery(2);
        vm.stopPrank();
        assertEq(vpp.fleetSize(), 4);
        uint256[] memory ids = vpp.fleetBatteries(0, 10);
        assertEq(ids.length, 4);
        for (uint256 i; i < ids.length; ++i) {
            assertTrue(ids[i] != 2);
            assertEq(uint8(vpp.battery(ids[i]).status), uint8(IVirtualPowerPlant.BatteryStatus.Active));
        }
        assertEq(uint8(vpp.battery(2).status), uint8(IVirtualPowerPlant.BatteryStatus.Decommissioned));
        assertEq(vpp.batteryCount(), 5);
    }

    function test_SkipWhenFundCannotPay() public {
        vm.prank(owner);
        vpp.addBattery(_config());
        _price(1 ether);
        vm.expectEmit(address(trader));
        emit IEnergyTrader.DispatchSkipped(
            1, trader.currentInterval(), IEnergyTrader.SkipReason.InsufficientFundBalance, -int256(416 * 1 ether / 1e6)
        );
        trader.dispatch(_one(1));
        assertEq(uint256(trader.lastDispatchedInterval(1)), uint256(trader.currentInterval()));
        assertEq(uint256(vpp.battery(1).stateOfChargeWh), 0);
    }

    function test_UpkeepCoversWholeActiveFleet() public {
        IVirtualPowerPlant.BatteryConfig memory cfg = _config();
        vm.startPrank(owner);
        for (uint256 i; i < 300; ++i) {
            cfg.active = i % 7 == 0; // 43 active among 300
            vpp.addBattery(cfg);
        }
        vm.stopPrank();
        vm.prank(alice);
        fund.invest{value: 10 ether}();
        _price(1 ether);
        uint64 interval = trader.currentInterval();
        uint256 performs;
        while (true) {
            (bool needed, bytes memory data) = trader.checkUpkeep("");
            if (!needed) break;
            (, uint256[] memory ids) = abi.decode(data, (uint64, uint256[]));
            assertLe(ids.length, 10);
            trader.performUpkeep(data);
            ++performs;
            if (performs == 2) {
                // A decommission mid-interval swaps the last active battery down the set.
                vm.prank(owner);
                vpp.decommissionBattery(7 * 5 + 1);
            }
        }
        assertEq(performs, 5);
        for (uint256 id = 1; id <= 300; ++id) {
            bool active = vpp.battery(id).status == IVirtualPowerPlant.BatteryStatus.Active;
            assertEq(trader.lastDispatchedInterval(id) == interval && active, active);
        }
        vm.expectRevert(IEnergyTrader.UpkeepNotNeeded.selector);
        trader.performUpkeep(abi.encode(interval, _one(1)));
    }
}
