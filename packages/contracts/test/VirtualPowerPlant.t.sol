// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";

interface IOwnable2StepLike {
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function pendingOwner() external view returns (address);
}

contract VirtualPowerPlantTest is Base {
    // ------------------------------------------------------------------ ownership
    function test_OwnershipTransfer_IsTwoStepAndMovesOwnerPowers() public {
        IOwnable2StepLike root = IOwnable2StepLike(address(vpp));
        vm.prank(owner);
        root.transferOwnership(carol);
        assertEq(root.pendingOwner(), carol);
        assertEq(IOwnableLike(address(vpp)).owner(), owner, "nothing moves before acceptance");
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        root.acceptOwnership();
        vm.prank(carol);
        root.acceptOwnership();
        assertEq(IOwnableLike(address(vpp)).owner(), carol);
        assertTrue(vpp.isAdmin(carol));
        assertFalse(vpp.isAdmin(owner));

        // the trader's owner-only setters follow the root's owner
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, owner));
        vm.prank(owner);
        trader.setGridMarket(carol);
        vm.prank(carol);
        trader.setGridMarket(address(market));
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        vpp.addAdmin(bob);
        vm.prank(carol);
        vpp.addAdmin(bob);
    }

    // ------------------------------------------------------------------ deployment
    function test_Deployment_WiresTheSystem() public view {
        assertEq(IOwnableLike(address(vpp)).owner(), owner);
        assertEq(address(fund.vpp()), address(vpp));
        assertEq(address(trader.vpp()), address(vpp));
        assertEq(address(trader.priceOracle()), address(oracle));
        assertEq(trader.gridMarket(), address(market));
        IEnergyTrader.TradingParams memory p = trader.tradingParams();
        assertEq(p.intervalSeconds, INTERVAL);
        assertEq(p.maxPriceAge, MAX_PRICE_AGE);
        assertEq(p.minValidPrice, MIN_PRICE);
        assertEq(p.maxValidPrice, MAX_PRICE);
        assertEq(p.maxBatchSize, MAX_BATCH);
        assertFalse(vpp.paused());
        assertEq(vpp.batteryCount(), 0);
        assertEq(vpp.fleetSize(), 0);
    }

    function test_Deployment_EmitsSystemDeployed() public {
        vm.recordLogs();
        address v = deployCode(
            "VirtualPowerPlant.sol:VirtualPowerPlant", abi.encode(owner, address(oracle), address(market), _params())
        );
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 sig = IVirtualPowerPlant.SystemDeployed.selector;
        bool found;
        for (uint256 i; i < logs.length; i++) {
            if (logs[i].emitter == v && logs[i].topics[0] == sig) {
                found = true;
                assertEq(logs[i].topics.length, 4);
                assertEq(address(uint160(uint256(logs[i].topics[1]))), address(IVirtualPowerPlant(v).fund()));
                assertEq(address(uint160(uint256(logs[i].topics[2]))), address(IVirtualPowerPlant(v).trader()));
                assertEq(address(uint160(uint256(logs[i].topics[3]))), address(oracle));
                (address m, address o) = abi.decode(logs[i].data, (address, address));
                assertEq(m, address(market));
                assertEq(o, owner);
            }
        }
        assertTrue(found, "SystemDeployed not emitted");
    }

    function test_Deployment_ExpectEmitSystemDeployed() public {
        // fund and trader addresses are only known after deployment: check the oracle topic and the data
        vm.expectEmit(false, false, true, true);
        emit IVirtualPowerPlant.SystemDeployed(address(0), address(0), address(oracle), address(market), owner);
        this.deployRoot(address(oracle), address(market));
    }

    function test_RevertWhen_DeployWithZeroOracle() public {
        vm.expectRevert();
        this.deployRoot(address(0), address(market));
    }

    function deployRoot(address o, address m) external returns (address) {
        return deployCode("VirtualPowerPlant.sol:VirtualPowerPlant", abi.encode(owner, o, m, _params()));
    }

    // ------------------------------------------------------------------ admins
    function test_AddAdmin() public {
        uint256 n = vpp.adminCount();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.AdminAdded(alice, owner);
        vm.prank(owner);
        vpp.addAdmin(alice);
        assertTrue(vpp.isAdmin(alice));
        assertEq(vpp.adminCount(), n + 1);
        address[] memory list = vpp.admins();
        assertEq(list.length, n + 1);
        bool found;
        for (uint256 i; i < list.length; i++) {
            assertEq(vpp.adminAt(i), list[i]);
            if (list[i] == alice) found = true;
        }
        assertTrue(found);
    }

    function test_IsAdmin_OwnerIsAdmin() public view {
        assertTrue(vpp.isAdmin(owner));
        assertTrue(vpp.isAdmin(admin));
        assertFalse(vpp.isAdmin(stranger));
    }

    function test_RemoveAdmin() public {
        uint256 n = vpp.adminCount();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.AdminRemoved(admin, owner);
        vm.prank(owner);
        vpp.removeAdmin(admin);
        assertFalse(vpp.isAdmin(admin));
        assertEq(vpp.adminCount(), n - 1);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, admin));
        vm.prank(admin);
        vpp.addBattery(_config());
    }

    function test_RevertWhen_AddAdminZeroAddress() public {
        vm.expectRevert(IVirtualPowerPlant.ZeroAddress.selector);
        vm.prank(owner);
        vpp.addAdmin(address(0));
    }

    function test_RevertWhen_AddAdminTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.AlreadyAdmin.selector, admin));
        vm.prank(owner);
        vpp.addAdmin(admin);
    }

    function test_RevertWhen_RemoveAdminNotAnAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAnAdmin.selector, stranger));
        vm.prank(owner);
        vpp.removeAdmin(stranger);
    }

    function test_RevertWhen_AddAdminByAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.addAdmin(alice);
    }

    function test_RevertWhen_RemoveAdminByAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.removeAdmin(admin);
    }

    function test_RevertWhen_AdminAtOutOfBounds() public {
        uint256 n = vpp.adminCount();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.IndexOutOfBounds.selector, n, n));
        vpp.adminAt(n);
    }

    // ------------------------------------------------------------------ pause
    function test_PauseAndUnpause() public {
        vm.expectEmit(true, false, false, true, address(vpp));
        emit IVirtualPowerPlant.SystemPaused(admin);
        vm.prank(admin);
        vpp.pause();
        assertTrue(vpp.paused());

        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vm.prank(admin);
        vpp.addBattery(_config());

        vm.expectEmit(true, false, false, true, address(vpp));
        emit IVirtualPowerPlant.SystemUnpaused(owner);
        vm.prank(owner);
        vpp.unpause();
        assertFalse(vpp.paused());
        _addBattery();
    }

    function test_PauseByOwner() public {
        vm.prank(owner);
        vpp.pause();
        assertTrue(vpp.paused());
    }

    function test_RevertWhen_UnpauseNotPaused() public {
        vm.expectRevert(IVirtualPowerPlant.SystemNotPaused.selector);
        vm.prank(owner);
        vpp.unpause();
    }

    function test_RevertWhen_UnpauseByAdmin() public {
        vm.prank(admin);
        vpp.pause();
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.unpause();
    }

    function test_RevertWhen_PauseByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.pause();
    }

    function test_RevertWhen_PausedFleetChanges() public {
        uint256 id = _addBattery();
        vm.prank(owner);
        vpp.pause();
        vm.startPrank(admin);
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vpp.updateBattery(id, _config());
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vpp.decommissionBattery(id);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ fleet
    function test_AddBattery() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.expectEmit(true, true, true, true, address(vpp));
        emit IVirtualPowerPlant.BatteryAdded(1, c.serial, admin, c);
        uint256 id = _addBattery(c);
        assertEq(id, 1);
        assertEq(vpp.batteryCount(), 1);
        assertEq(vpp.fleetSize(), 1);
        assertEq(vpp.fleetBatteryAt(0), 1);

        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertEq(uint8(b.status), uint8(IVirtualPowerPlant.BatteryStatus.Active));
        assertEq(b.stateOfChargeWh, 0);
        assertEq(b.addedAt, block.timestamp);
        assertEq(b.config.capacityWh, c.capacityWh);
        assertEq(b.config.maxChargeW, c.maxChargeW);
        assertEq(b.config.maxDischargeW, c.maxDischargeW);
        assertEq(b.config.roundTripEfficiencyBps, c.roundTripEfficiencyBps);
        assertEq(b.config.chargeBelowPrice, c.chargeBelowPrice);
        assertEq(b.config.dischargeAbovePrice, c.dischargeAbovePrice);
        assertEq(b.config.serial, c.serial);
        assertEq(b.config.metadataURI, c.metadataURI);
        assertTrue(b.config.active);

        IVirtualPowerPlant.DispatchState memory s = vpp.dispatchState(id);
        assertEq(uint8(s.status), uint8(IVirtualPowerPlant.BatteryStatus.Active));
        assertEq(s.capacityWh, c.capacityWh);
        assertEq(s.maxChargeW, c.maxChargeW);
        assertEq(s.maxDischargeW, c.maxDischargeW);
        assertEq(s.roundTripEfficiencyBps, c.roundTripEfficiencyBps);
        assertEq(s.chargeBelowPrice, c.chargeBelowPrice);
        assertEq(s.dischargeAbovePrice, c.dischargeAbovePrice);
        assertEq(s.stateOfChargeWh, 0);
    }

    function test_AddBattery_InactiveStatus() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.active = false;
        uint256 id = _addBattery(c);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Inactive));
        assertEq(vpp.fleetSize(), 1);
    }

    function test_AddBattery_OwnerIsAdmin() public {
        vm.prank(owner);
        assertEq(vpp.addBattery(_config()), 1);
    }

    function test_RevertWhen_AddBatteryByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.addBattery(_config());
    }

    function test_RevertWhen_AddBatteryZeroCapacity() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 0;
        vm.expectRevert(IVirtualPowerPlant.ZeroCapacity.selector);
        vm.prank(admin);
        vpp.addBattery(c);
    }

    function test_RevertWhen_AddBatteryZeroEfficiency() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.roundTripEfficiencyBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.InvalidEfficiency.selector, uint16(0)));
        vm.prank(admin);
        vpp.addBattery(c);
    }

    function test_RevertWhen_AddBatteryEfficiencyAbove100Percent() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.roundTripEfficiencyBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.InvalidEfficiency.selector, uint16(10_001)));
        vm.prank(admin);
        vpp.addBattery(c);
    }

    function test_AddBattery_EfficiencyBounds() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.roundTripEfficiencyBps = 1;
        _addBattery(c);
        c.roundTripEfficiencyBps = 10_000;
        _addBattery(c);
    }

    function test_RevertWhen_AddBatteryThresholdsEqual() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.dischargeAbovePrice = c.chargeBelowPrice;
        vm.expectRevert(
            abi.encodeWithSelector(
                IVirtualPowerPlant.InvalidPriceThresholds.selector, c.chargeBelowPrice, c.dischargeAbovePrice
            )
        );
        vm.prank(admin);
        vpp.addBattery(c);
    }

    function testFuzz_RevertWhen_AddBatteryThresholdsInverted(int128 chargeBelow, int128 dischargeAbove) public {
        vm.assume(dischargeAbove <= chargeBelow);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.chargeBelowPrice = chargeBelow;
        c.dischargeAbovePrice = dischargeAbove;
        vm.expectRevert(
            abi.encodeWithSelector(IVirtualPowerPlant.InvalidPriceThresholds.selector, chargeBelow, dischargeAbove)
        );
        vm.prank(admin);
        vpp.addBattery(c);
    }

    function test_BatteryIdsStartAtOneAndAreNeverReused() public {
        uint256 a = _addBattery();
        uint256 b = _addBattery();
        vm.prank(admin);
        vpp.decommissionBattery(b);
        uint256 c = _addBattery();
        assertEq(a, 1);
        assertEq(b, 2);
        assertEq(c, 3);
        assertEq(vpp.batteryCount(), 3);
        assertEq(vpp.fleetSize(), 2);
    }

    function test_UpdateBattery() public {
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("NEW"));
        c.capacityWh = 20_000;
        c.active = false;
        c.metadataURI = "ipfs://updated";
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryUpdated(id, admin, c);
        vm.prank(admin);
        vpp.updateBattery(id, c);
        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertEq(b.config.capacityWh, 20_000);
        assertEq(b.config.serial, bytes32("NEW"));
        assertEq(b.config.metadataURI, "ipfs://updated");
        assertEq(uint8(b.status), uint8(IVirtualPowerPlant.BatteryStatus.Inactive));

        c.active = true;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Active));
    }

    function test_RevertWhen_UpdateBatteryNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 7));
        vm.prank(admin);
        vpp.updateBattery(7, _config());
    }

    function test_RevertWhen_UpdateBatteryDecommissioned() public {
        uint256 id = _addBattery();
        vm.prank(admin);
        vpp.decommissionBattery(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryIsDecommissioned.selector, id));
        vm.prank(admin);
        vpp.updateBattery(id, _config());
    }

    function test_RevertWhen_UpdateBatteryCapacityBelowStateOfCharge() public {
        uint256 id = _addBattery();
        vm.prank(address(trader));
        vpp.recordDispatch(id, 1, 5_000);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 4_999;
        vm.expectRevert(
            abi.encodeWithSelector(IVirtualPowerPlant.CapacityBelowStateOfCharge.selector, uint64(4_999), uint64(5_000))
        );
        vm.prank(admin);
        vpp.updateBattery(id, c);
    }

    function test_RevertWhen_UpdateBatteryInvalidConfig() public {
        uint256 id = _addBattery();
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 0;
        vm.expectRevert(IVirtualPowerPlant.ZeroCapacity.selector);
        vm.prank(admin);
        vpp.updateBattery(id, c);
        c = _config();
        c.roundTripEfficiencyBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.InvalidEfficiency.selector, uint16(0)));
        vm.prank(admin);
        vpp.updateBattery(id, c);
    }

    function test_RevertWhen_UpdateBatteryByStranger() public {
        uint256 id = _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.updateBattery(id, _config());
    }

    function test_DecommissionBattery() public {
        uint256 id = _addBattery();
        vm.prank(address(trader));
        vpp.recordDispatch(id, 1, 1_234);
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryDecommissioned(id, admin, 1_234);
        vm.prank(admin);
        vpp.decommissionBattery(id);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Decommissioned));
        assertEq(vpp.fleetSize(), 0);
        assertEq(vpp.batteryCount(), 1);
    }

    function test_RevertWhen_DecommissionTwice() public {
        uint256 id = _addBattery();
        vm.prank(admin);
        vpp.decommissionBattery(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryIsDecommissioned.selector, id));
        vm.prank(admin);
        vpp.decommissionBattery(id);
    }

    function test_RevertWhen_DecommissionUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 1));
        vm.prank(admin);
        vpp.decommissionBattery(1);
    }

    function test_RevertWhen_DecommissionByStranger() public {
        uint256 id = _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.decommissionBattery(id);
    }

    function test_RevertWhen_BatteryViewsUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 42));
        vpp.battery(42);
    }

    function test_FleetEnumeration() public {
        for (uint256 i; i < 5; i++) {
            _addBattery();
        }
        uint256[] memory page = vpp.fleetBatteries(1, 3);
        assertEq(page.length, 3);
        for (uint256 i; i < 3; i++) {
            assertEq(page[i], vpp.fleetBatteryAt(1 + i));
        }
        assertEq(vpp.fleetBatteries(3, 10).length, 2);
        assertEq(vpp.fleetBatteries(5, 10).length, 0);
        assertEq(vpp.fleetBatteries(0, 0).length, 0);
    }

    function test_RevertWhen_FleetBatteryAtOutOfBounds() public {
        _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.IndexOutOfBounds.selector, 1, 1));
        vpp.fleetBatteryAt(1);
    }

    // ------------------------------------------------------------------ fund/trader-only
    function test_RegisterPurchasedBattery_ByFund() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.expectEmit(true, true, true, true, address(vpp));
        emit IVirtualPowerPlant.BatteryAdded(1, c.serial, admin, c);
        vm.prank(address(fund));
        uint256 id = vpp.registerPurchasedBattery(c, admin);
        assertEq(id, 1);
        assertEq(vpp.fleetSize(), 1);
    }

    function test_RevertWhen_RegisterPurchasedBatteryNotFund() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotFund.selector, admin));
        vm.prank(admin);
        vpp.registerPurchasedBattery(_config(), admin);
    }

    function test_RecordDispatch_ByTrader() public {
        uint256 id = _addBattery();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.StateOfChargeUpdated(id, 77, 13_500);
        vm.prank(address(trader));
        vpp.recordDispatch(id, 77, 13_500);
        assertEq(_soc(id), 13_500);
    }

    function test_RevertWhen_RecordDispatchNotTrader() public {
        uint256 id = _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotTrader.selector, owner));
        vm.prank(owner);
        vpp.recordDispatch(id, 1, 1);
    }

    function test_RevertWhen_RecordDispatchAboveCapacity() public {
        uint256 id = _addBattery();
        vm.expectRevert(
            abi.encodeWithSelector(
                IVirtualPowerPlant.StateOfChargeAboveCapacity.selector, uint64(13_501), uint64(13_500)
            )
        );
        vm.prank(address(trader));
        vpp.recordDispatch(id, 1, 13_501);
    }
}
// forge-lint: disable-end(unsafe-typecast)
