// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {EnergyTrader} from "../src/EnergyTrader.sol";

/// @notice Proofs of concept of two admin-key attacks, each written before its fix (they failed on the code
///         before it; see the commit) and passing after it:
///         (a) removing an admin stripped its veto on a pending oracle / market swap (the fund's cancels already
///             accepted guardians, the trader's did not);
///         (b) raising a battery's physical limits let an admin make the fund buy energy that is never stored: the
///             cash leaves to the market while NAV keeps it at cost.
contract AdminHardeningTest is Base {
    // ------------------------------------------------------------------ (a) guardians veto swaps

    function _pendingMarket() internal view returns (address) {
        (, EnergyTrader.Pending memory m) = EnergyTrader(address(trader)).pendingChanges();
        return m.target;
    }

    function _pendingOracle() internal view returns (address) {
        (EnergyTrader.Pending memory o,) = EnergyTrader(address(trader)).pendingChanges();
        return o.target;
    }

    /// The owner proposes a market it controls and removes the only other admin in the same block: the removed
    /// admin still cancels the swap (its veto lasts one timelock delay after removal, which covers the proposal).
    function test_attack_removingTheAdminDoesNotStripTheVetoOnAMarketSwap() public {
        address evil = makeAddr("owner's market");
        vm.startPrank(owner);
        trader.proposeGridMarket(evil);
        vpp.removeAdmin(admin);
        vm.stopPrank();
        assertFalse(vpp.isAdmin(admin));
        assertTrue(vpp.isGuardian(admin));
        vm.warp(block.timestamp + DELAY - 1); // the last second before the swap could execute
        vm.expectEmit(true, true, false, true, address(trader));
        emit IEnergyTrader.PendingChangeCanceled(false, admin);
        vm.prank(admin);
        trader.cancelPendingChange(false);
        assertEq(_pendingMarket(), address(0));
        vm.warp(block.timestamp + 1);
        vm.expectRevert(IEnergyTrader.NoPendingChange.selector);
        vm.prank(owner);
        trader.executeGridMarket();
        assertEq(trader.gridMarket(), address(market));
    }

    function test_attack_removingTheAdminDoesNotStripTheVetoOnAnOracleSwap() public {
        address next = deployCode("EnergyPriceOracle.sol:EnergyPriceOracle", abi.encode(owner, "owner's feed"));
        vm.startPrank(owner);
        trader.proposePriceOracle(next);
        vpp.removeAdmin(admin);
        vm.stopPrank();
        vm.prank(admin);
        trader.cancelPendingChange(true);
        assertEq(_pendingOracle(), address(0));
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(IEnergyTrader.NoPendingChange.selector);
        vm.prank(owner);
        trader.executePriceOracle();
        assertEq(address(trader.priceOracle()), address(oracle));
    }

    /// The veto ends one delay after removal: a proposal made after that cannot be canceled by the ex-admin.
    function test_removedAdminVetoEndsAfterOneDelay() public {
        vm.prank(owner);
        vpp.removeAdmin(admin);
        vm.warp(block.timestamp + DELAY);
        assertFalse(vpp.isGuardian(admin));
        vm.prank(owner);
        trader.proposeGridMarket(makeAddr("m"));
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, admin));
        vm.prank(admin);
        trader.cancelPendingChange(false);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotAdmin.selector, stranger));
        vm.prank(stranger);
        trader.cancelPendingChange(false);
    }

    // ------------------------------------------------------------------ (b) physical limits only go down

    uint64 internal constant CAP = 13_500;
    uint64 internal constant POWER = 5_000;
    uint16 internal constant EFF = 9_000;

    function _raised(uint256 id, IVirtualPowerPlant.BatteryLimit limit, uint256 current, uint256 requested)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IVirtualPowerPlant.BatteryLimitRaised.selector, id, limit, current, requested);
    }

    /// An admin inflates the capacity and charging power of a real 13.5 kWh / 5 kW battery (and moves its
    /// thresholds, still an admin's call) so that one interval at 9 ETH/MWh buys 1 MWh: 9 ETH would leave for the
    /// market (whose owner can withdraw it) while NAV keeps it as stored energy at cost. With the fix the raise
    /// reverts and the same interval can only buy what the real battery takes (416 Wh).
    function test_attack_raisedLimitsMakeTheFundBuyEnergyNeverStored() public {
        _invest(alice, 10 ether);
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.chargeBelowPrice = 10 ether;
        c.dischargeAbovePrice = 20 ether;
        c.capacityWh = 1_000_000;
        c.maxChargeW = 12_000_000;
        vm.prank(admin);
        try vpp.updateBattery(id, c) {}
        catch (bytes memory err) {
            assertEq(err, _raised(id, IVirtualPowerPlant.BatteryLimit.CapacityWh, CAP, 1_000_000));
            c.capacityWh = CAP;
            c.maxChargeW = POWER;
            vm.prank(admin);
            vpp.updateBattery(id, c); // thresholds alone may change
        }
        uint256 freeBefore = fund.freeBalance();
        int256 navBefore = fund.netAssetValue();
        _nextInterval();
        _push(9 ether);
        _dispatch(id);
        uint256 spent = freeBefore - fund.freeBalance();
        uint256 honestMax = uint256(POWER) * INTERVAL / 3600 * 9 ether / 1e6; // 416 Wh at 9 ETH/MWh
        assertLe(spent, honestMax + 1, "fund cash left for energy the battery cannot store");
        assertLe(_soc(id), CAP, "state of charge above the real capacity");
        assertEq(fund.netAssetValue(), navBefore, "charging keeps NAV (cash into inventory at cost)");
    }

    function test_RevertWhen_updateBatteryRaisesAPhysicalLimit() public {
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = CAP + 1;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.CapacityWh, CAP, CAP + 1));
        vm.prank(admin);
        vpp.updateBattery(id, c);
        c = _config();
        c.maxChargeW = POWER + 1;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.MaxChargeW, POWER, POWER + 1));
        vm.prank(admin);
        vpp.updateBattery(id, c);
        c = _config();
        c.maxDischargeW = type(uint64).max;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.MaxDischargeW, POWER, type(uint64).max));
        vm.prank(owner); // the owner is bound too
        vpp.updateBattery(id, c);
        c = _config();
        c.roundTripEfficiencyBps = EFF + 1;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.RoundTripEfficiencyBps, EFF, EFF + 1));
        vm.prank(admin);
        vpp.updateBattery(id, c);
        // the first raised limit is reported (capacity before power)
        c = _config();
        c.capacityWh = CAP * 2;
        c.maxChargeW = POWER * 2;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.CapacityWh, CAP, CAP * 2));
        vm.prank(admin);
        vpp.updateBattery(id, c);
    }

    /// Lowering is allowed (a degraded battery); a lowered limit is the new ceiling.
    function test_updateBatteryLowersLimitsAndTheLowerValueIsTheNewCeiling() public {
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = CAP - 500;
        c.maxChargeW = POWER - 1;
        c.maxDischargeW = POWER - 2;
        c.roundTripEfficiencyBps = EFF - 100;
        c.chargeBelowPrice = -1 ether;
        c.dischargeAbovePrice = 1 ether;
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryUpdated(id, admin, c);
        vm.prank(admin);
        vpp.updateBattery(id, c);
        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertEq(b.capacityWh, CAP - 500);
        assertEq(b.maxChargeW, POWER - 1);
        assertEq(b.maxDischargeW, POWER - 2);
        assertEq(b.roundTripEfficiencyBps, EFF - 100);
        assertEq(b.chargeBelowPrice, -1 ether);
        assertEq(b.dischargeAbovePrice, 1 ether);
        // equal limits pass (thresholds, status and metadata stay free to change)
        c.active = false;
        c.metadataURI = "ipfs://degraded";
        vm.prank(admin);
        vpp.updateBattery(id, c);
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.CapacityWh, CAP - 500, CAP));
        vm.prank(admin);
        vpp.updateBattery(id, _config());
    }

    /// A purchased battery's limits come from the timelocked proposal; an admin cannot inflate them afterwards.
    function test_RevertWhen_purchasedBatteryLimitsRaised() public {
        _invest(alice, 10 ether);
        uint256 id = _purchase(vendor, 1 ether, 10);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.maxChargeW = 1_000_000;
        vm.expectRevert(_raised(id, IVirtualPowerPlant.BatteryLimit.MaxChargeW, POWER, 1_000_000));
        vm.prank(admin);
        vpp.updateBattery(id, c);
    }

    function testFuzz_updateBatteryNeverRaises(uint64 cap, uint64 charge, uint64 discharge, uint16 eff) public {
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = uint64(bound(cap, 1, type(uint64).max));
        c.maxChargeW = charge;
        c.maxDischargeW = discharge;
        c.roundTripEfficiencyBps = uint16(bound(eff, 1, 10_000));
        vm.prank(admin);
        try vpp.updateBattery(id, c) {
            assertLe(c.capacityWh, CAP);
            assertLe(c.maxChargeW, POWER);
            assertLe(c.maxDischargeW, POWER);
            assertLe(c.roundTripEfficiencyBps, EFF);
        } catch (bytes memory err) {
            assertEq(bytes4(err), IVirtualPowerPlant.BatteryLimitRaised.selector);
            assertTrue(c.capacityWh > CAP || charge > POWER || discharge > POWER || c.roundTripEfficiencyBps > EFF);
        }
        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertLe(b.capacityWh, CAP);
        assertLe(b.maxChargeW, POWER);
        assertLe(b.maxDischargeW, POWER);
        assertLe(b.roundTripEfficiencyBps, EFF);
    }
}
// forge-lint: disable-end(unsafe-typecast)
