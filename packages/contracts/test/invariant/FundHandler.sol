// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../../src/interfaces/IEnergyPriceOracle.sol";

/// @notice Drives the whole system with bounded random actions and tracks ghost values the invariants check against.
contract FundHandler is Test {
    IVirtualPowerPlant public immutable vpp;
    IEnergyInvestmentFund public immutable fund;
    IEnergyTrader public immutable trader;
    IEnergyPriceOracle public immutable oracle;
    address public immutable owner;
    address public immutable admin;
    address public immutable reporter;

    address[] public actors;
    address[] public vendors;

    // ghosts
    mapping(address => uint256) public ghostDividendOf; // sum over declarations of floor(amount * balance / supply)
    uint256 public ghostDeclarations;
    uint256 public ghostDeclared; // earnings dividends + capital returns
    uint256 public ghostWithdrawn;
    uint256 public ghostVendorPaid;
    uint256 public ghostInvested;
    mapping(bytes32 => uint256) public calls;

    constructor(
        IVirtualPowerPlant vpp_,
        IEnergyTrader trader_,
        IEnergyPriceOracle oracle_,
        address owner_,
        address admin_,
        address reporter_
    ) {
        vpp = vpp_;
        fund = vpp_.fund();
        trader = trader_;
        oracle = oracle_;
        owner = owner_;
        admin = admin_;
        reporter = reporter_;
        for (uint256 i; i < 5; i++) {
            actors.push(makeAddr(string.concat("investor", vm.toString(i))));
        }
        vendors.push(makeAddr("vendorA"));
        vendors.push(makeAddr("vendorB"));
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _shares() internal view returns (IERC20) {
        return IERC20(address(fund));
    }

    // ------------------------------------------------------------------ investors
    function invest(uint256 actorSeed, uint256 amount) external {
        calls["invest"]++;
        address a = _actor(actorSeed);
        // the first investment must be at least 0.01 ether (the fund's MINIMUM_INITIAL_INVESTMENT)
        amount = bound(amount, _shares().totalSupply() == 0 ? 0.01 ether : 1, 100 ether);
        vm.deal(a, a.balance + amount);
        vm.prank(a);
        try fund.invest{value: amount}() {
            ghostInvested += amount;
        } catch {}
    }

    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        calls["transfer"]++;
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = bound(amount, 0, _shares().balanceOf(from));
        vm.prank(from);
        try _shares().transfer(to, amount) {} catch {}
    }

    function withdraw(uint256 actorSeed, bool toOther) external {
        calls["withdraw"]++;
        address a = _actor(actorSeed);
        vm.prank(a);
        if (toOther) {
            try fund.withdrawDividendsTo(payable(_actor(actorSeed + 1))) returns (uint256 amt) {
                ghostWithdrawn += amt;
            } catch {}
        } else {
            try fund.withdrawDividends() returns (uint256 amt) {
                ghostWithdrawn += amt;
            } catch {}
        }
    }

    // ------------------------------------------------------------------ admins
    function declareDividend(uint16 bps) external {
        calls["declare"]++;
        bps = uint16(bound(bps, 1, 10_000));
        uint256 supply = _shares().totalSupply();
        uint256[] memory bals = _balances();
        vm.prank(admin);
        try fund.declareDividend(bps) returns (uint256, uint256 amount) {
            _credit(amount, supply, bals);
        } catch {}
    }

    function returnCapital(uint256 amount) external {
        calls["returnCapital"]++;
        amount = bound(amount, 1, 10 ether);
        uint256 supply = _shares().totalSupply();
        uint256[] memory bals = _balances();
        vm.prank(admin);
        try fund.returnCapital(amount) {
            _credit(amount, supply, bals);
        } catch {}
    }

    function purchaseBattery(uint256 seed, uint256 price) external {
        calls["purchase"]++;
        price = bound(price, 1, 20 ether);
        vm.prank(admin);
        try fund.purchaseBattery(vendors[seed % 2], price, _cfg(seed)) {} catch {}
    }

    function withdrawVendor(uint256 seed) external {
        calls["vendorWithdraw"]++;
        address v = vendors[seed % 2];
        vm.prank(v);
        try fund.withdrawVendorPayment(payable(v)) returns (uint256 amt) {
            ghostVendorPaid += amt;
        } catch {}
    }

    function addBattery(uint256 seed) external {
        calls["add"]++;
        if (vpp.batteryCount() >= 30) return;
        vm.prank(admin);
        try vpp.addBattery(_cfg(seed)) {} catch {}
    }

    function updateBattery(uint256 idSeed, uint256 seed) external {
        calls["update"]++;
        uint256 n = vpp.batteryCount();
        if (n == 0) return;
        uint256 id = bound(idSeed, 1, n);
        vm.prank(admin);
        try vpp.updateBattery(id, _cfg(seed)) {} catch {}
    }

    function decommissionBattery(uint256 idSeed) external {
        calls["decommission"]++;
        uint256 n = vpp.batteryCount();
        if (n == 0) return;
        uint256 id = bound(idSeed, 1, n);
        vm.prank(admin);
        try vpp.decommissionBattery(id) {} catch {}
    }

    function togglePause(bool on) external {
        calls["pause"]++;
        vm.prank(owner);
        if (on) {
            try vpp.pause() {} catch {}
        } else {
            try vpp.unpause() {} catch {}
        }
    }

    // ------------------------------------------------------------------ operator and keeper
    function pushPrice(int256 price) external {
        calls["price"]++;
        // AEMO range at 1 ETH = 5,000 AUD: -1,000 .. 17,500 AUD/MWh
        price = bound(price, -0.2 ether, 3.5 ether);
        vm.prank(reporter);
        oracle.submitPrice(price);
    }

    function warp(uint256 secs) external {
        calls["warp"]++;
        vm.warp(block.timestamp + bound(secs, 1, 900));
    }

    function dispatch(uint256 seed) external {
        calls["dispatch"]++;
        uint256 size = vpp.fleetSize();
        if (size == 0) return;
        uint64 interval = trader.currentInterval();
        uint256[] memory tmp = new uint256[](size);
        uint256 k;
        for (uint256 i; i < size; i++) {
            uint256 id = vpp.fleetBatteryAt(i);
            if (vpp.dispatchState(id).status != IVirtualPowerPlant.BatteryStatus.Active) continue;
            if (trader.lastDispatchedInterval(id) == interval && interval != 0) continue;
            if ((seed >> (i % 256)) & 1 == 0 && k > 0) continue; // random subset
            tmp[k++] = id;
        }
        if (k == 0) return;
        assembly {
            mstore(tmp, k)
        }
        try trader.dispatch(tmp) {} catch {}
    }

    // ------------------------------------------------------------------ helpers
    function _cfg(uint256 seed) internal pure returns (IVirtualPowerPlant.BatteryConfig memory c) {
        c.capacityWh = uint64(bound(seed, 1_000, 200_000));
        c.maxChargeW = uint64(bound(seed >> 32, 0, 100_000));
        c.maxDischargeW = uint64(bound(seed >> 64, 0, 100_000));
        c.roundTripEfficiencyBps = uint16(bound(seed >> 96, 5_000, 10_000));
        c.chargeBelowPrice = int128(int256(bound(seed >> 112, 0, 0.05 ether)) - 0.05 ether);
        c.dischargeAbovePrice = int128(int256(bound(seed >> 176, 0.05 ether, 1 ether)));
        c.active = (seed >> 250) % 8 != 0;
        c.serial = bytes32(seed);
        c.metadataURI = "ipfs://fleet";
    }

    function _balances() internal view returns (uint256[] memory bals) {
        bals = new uint256[](actors.length);
        for (uint256 i; i < actors.length; i++) {
            bals[i] = _shares().balanceOf(actors[i]);
        }
    }

    function _credit(uint256 amount, uint256 supply, uint256[] memory bals) internal {
        ghostDeclarations++;
        ghostDeclared += amount;
        for (uint256 i; i < actors.length; i++) {
            ghostDividendOf[actors[i]] += amount * bals[i] / supply;
        }
    }
}
// forge-lint: disable-end(unsafe-typecast)
