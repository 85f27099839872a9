// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;
// forge-lint: disable-start(unsafe-typecast)
import {Test} from "forge-std/Test.sol";
import {Base} from "../utils/Base.t.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../../src/interfaces/IEnergyPriceOracle.sol";

contract FundHandler is Test {
    IEnergyInvestmentFund public fund;
    IEnergyTrader public trader;
    IEnergyPriceOracle public oracle;
    address public owner;
    address public admin;
    address public reporter;
    address public vendor;
    address[] public actors;
    uint256[] public batteries;
    uint256 public ghostDeclared;
    uint256 public ghostRealisedGains;

    constructor(IEnergyInvestmentFund f, IEnergyTrader t, IEnergyPriceOracle o, address ow, address ad, address rep, address ven)
    {
        fund = f;
        trader = t;
        oracle = o;
        owner = ow;
        admin = ad;
        reporter = rep;
        vendor = ven;
        for (uint256 i; i < 4; i++) {
            actors.push(makeAddr(string.concat("inv", vm.toString(i))));
        }
    }

    function addBattery(uint256 id) external {
        batteries.push(id);
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _a(uint256 s) internal view returns (address) {
        return actors[s % actors.length];
    }

    function requestDeposit(uint256 s, uint256 amount) external {
        address a = _a(s);
        amount = bound(amount, 1, 50 ether);
        vm.deal(a, amount);
        vm.prank(a);
        try fund.requestDeposit{value: amount}(amount, a, a) {} catch {}
    }

    function cancelDeposit(uint256 s) external {
        address a = _a(s);
        vm.prank(a);
        try fund.cancelDepositRequest(a, payable(a)) {} catch {}
    }

    function claimDeposit(uint256 s) external {
        address a = _a(s);
        uint256 m = fund.maxMint(a);
        if (m == 0) return;
        vm.prank(a);
        fund.mint(m, a, a);
    }

    function requestRedeem(uint256 s, uint256 sh) external {
        address a = _a(s);
        uint256 bal = IERC20(address(fund)).balanceOf(a);
        if (bal == 0) return;
        sh = bound(sh, 1, bal);
        vm.prank(a);
        try fund.requestRedeem(sh, a, a) {} catch {}
    }

    function cancelRedeem(uint256 s) external {
        address a = _a(s);
        vm.prank(a);
        try fund.cancelRedeemRequest(a, a) {} catch {}
    }

    function claimRedeem(uint256 s) external {
        address a = _a(s);
        uint256 m = fund.maxRedeem(a);
        if (m == 0) return;
        vm.prank(a);
        fund.redeem(m, payable(a), a);
    }

    function transfer(uint256 s, uint256 t, uint256 sh) external {
        address a = _a(s);
        uint256 bal = IERC20(address(fund)).balanceOf(a);
        if (bal == 0) return;
        sh = bound(sh, 1, bal);
        vm.prank(a);
        IERC20(address(fund)).transfer(_a(t), sh);
    }

    function settle(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 0, 2 days));
        if (block.timestamp < fund.nextEpochAt()) return;
        fund.settleEpoch();
    }

    function dispatch(int256 price, uint256 dt) external {
        if (batteries.length == 0) return;
        vm.warp(block.timestamp + bound(dt, 1, 900));
        // negative prices, normal ones and spikes
        price = bound(price, -1 ether, 50 ether);
        vm.prank(reporter);
        oracle.submitPrice(price);
        int256 before = fund.realisedProfit();
        try trader.dispatch(batteries) {} catch {}
        int256 d = fund.realisedProfit() - before;
        if (d > 0) ghostRealisedGains += uint256(d);
    }

    function declare(uint16 bps) external {
        bps = uint16(bound(bps, 1, 10_000));
        vm.prank(admin);
        try fund.declareDividend(bps) returns (uint256, uint256 amount) {
            ghostDeclared += amount;
        } catch {}
    }

    function withdrawDividends(uint256 s) external {
        vm.prank(_a(s));
        try fund.withdrawDividends() {} catch {}
    }

    function purchase(uint256 price) external {
        price = bound(price, 0.1 ether, 5 ether);
        IVirtualPowerPlant.BatteryConfig memory c;
        c.capacityWh = 100_000;
        c.maxChargeW = 1_000_000;
        c.maxDischargeW = 1_000_000;
        c.roundTripEfficiencyBps = 9_000;
        c.chargeBelowPrice = 1 ether;
        c.dischargeAbovePrice = 10 ether;
        c.active = true;
        vm.prank(owner);
        uint256 pid = fund.proposePurchase(vendor, price, 30, c);
        vm.warp(block.timestamp + fund.timelockDelay());
        vm.prank(owner);
        try fund.executePurchase(pid, vendor, price, 30, c) returns (uint256 id) {
            batteries.push(id);
        } catch {}
    }
}

/// @notice Fund invariants over random requests, cancels, claims, epoch closes, redemptions, transfers, dispatch at
///         random prices (negative and spikes), purchases and dividends.
contract FundInvariantTest is Base {
    FundHandler internal h;

    function setUp() public override {
        super.setUp();
        vm.deal(address(market), 1e24);
        h = new FundHandler(fund, trader, oracle, owner, admin, reporter, vendor);
        vm.prank(owner);
        fund.setVendorAllowed(vendor, true);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 200_000;
        c.maxChargeW = 2_000_000;
        c.maxDischargeW = 2_000_000;
        c.chargeBelowPrice = 1 ether;
        c.dischargeAbovePrice = 10 ether;
        h.addBattery(_addBattery(c));
        targetContract(address(h));
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 100
    function invariant_etherCoversOwed() public view {
        assertGe(address(fund).balance, fund.totalOwed());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 100
    function invariant_dividendsFromRealisedEarnings() public view {
        assertLe(fund.totalDividendsDeclared(), h.ghostRealisedGains());
        assertLe(fund.distributableEarnings(), fund.freeBalance());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 100
    function invariant_supplyIsSumOfBalances() public view {
        uint256 sum = shares.balanceOf(address(fund));
        for (uint256 i; i < h.actorCount(); i++) {
            sum += shares.balanceOf(h.actors(i));
        }
        assertEq(sum, shares.totalSupply());
    }

    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 100
    function invariant_accumulatorBounded() public view {
        assertLt(fund.magnifiedDividendPerShare(), 2 ** 160);
        for (uint256 i; i < h.actorCount(); i++) {
            fund.withdrawableDividendOf(h.actors(i)); // never reverts
        }
    }
}
