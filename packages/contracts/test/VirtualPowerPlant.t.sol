// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {VirtualPowerPlant} from "../src/VirtualPowerPlant.sol";
import {EnergyTrader} from "../src/EnergyTrader.sol";
import {EnergyInvestmentFund} from "../src/EnergyInvestmentFund.sol";

interface IOwnable2StepLike {
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function pendingOwner() external view returns (address);
    function renounceOwnership() external;
}

/// @notice A feed reporting 8 decimals (a Chainlink USD feed): refused at deployment.
contract Feed8Decimals {
    function decimals() external pure returns (uint8) {
        return 8;
    }
}

/// @notice The root: ownership, admins and guardians, pause, and the fleet (packed records, the trader's
///         pre-initialised state, the active set's swap-and-pop order, decommissioning of empty batteries only with
///         the fund's write-off). Ported from the pre-redesign suite to the new API.
contract VirtualPowerPlantTest is Base {
    VirtualPowerPlant internal root;

    function setUp() public override {
        super.setUp();
        root = VirtualPowerPlant(address(vpp));
    }

    // ------------------------------------------------------------------ ownership

    function test_OwnershipTransfer_IsTwoStepAndMovesOwnerPowers() public {
        IOwnable2StepLike r = IOwnable2StepLike(address(vpp));
        vm.prank(owner);
        r.transferOwnership(carol);
        assertEq(r.pendingOwner(), carol);
        assertEq(IOwnableLike(address(vpp)).owner(), owner, "nothing moves before acceptance");
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        r.acceptOwnership();
        vm.prank(carol);
        r.acceptOwnership();
        assertEq(IOwnableLike(address(vpp)).owner(), carol);
        assertTrue(vpp.isAdmin(carol));
        assertFalse(vpp.isAdmin(owner));
        assertFalse(vpp.isGuardian(owner), "the old owner keeps no veto");

        // the trader's and the fund's owner-only paths follow the root's owner
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.NotOwner.selector, owner));
        vm.prank(owner);
        trader.proposeGridMarket(carol);
        vm.prank(carol);
        trader.proposeGridMarket(address(market));
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotOwner.selector, owner));
        vm.prank(owner);
        fund.setVendorAllowed(vendor, true);
        vm.prank(carol);
        fund.setVendorAllowed(vendor, true);
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        vpp.addAdmin(bob);
        vm.prank(carol);
        vpp.addAdmin(bob);
    }

    /// Renouncing is disabled, paused or not: there is always an owner who can unpause.
    function test_RenounceOwnership_Disabled() public {
        IOwnable2StepLike r = IOwnable2StepLike(address(vpp));
        vm.expectRevert(IVirtualPowerPlant.RenounceDisabled.selector);
        vm.prank(owner);
        r.renounceOwnership();
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        r.renounceOwnership();
        vm.prank(admin);
        vpp.pause();
        vm.expectRevert(IVirtualPowerPlant.RenounceDisabled.selector);
        vm.prank(owner);
        r.renounceOwnership();
        assertEq(IOwnableLike(address(vpp)).owner(), owner);
        vm.prank(owner);
        vpp.unpause();
        assertFalse(vpp.paused());
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
        assertEq(fund.epochDuration(), EPOCH);
        assertEq(fund.timelockDelay(), DELAY);
        assertEq(EnergyTrader(address(trader)).timelockDelay(), DELAY, "one delay for purchases and swaps");
        assertEq(fund.maxPurchaseWei(), MAX_PURCHASE);
        assertFalse(vpp.paused());
        assertEq(vpp.batteryCount(), 0);
        assertEq(vpp.fleetSize(), 0);
        assertEq(root.activeFleetSize(), 0);
        assertEq(vpp.adminCount(), 1);
        assertEq(vpp.adminAt(0), admin);
    }

    function test_Deployment_EmitsSystemDeployed() public {
        vm.recordLogs();
        VirtualPowerPlant v = _deploy(address(oracle), address(market));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool found;
        for (uint256 i; i < logs.length; i++) {
            if (logs[i].emitter == address(v) && logs[i].topics[0] == IVirtualPowerPlant.SystemDeployed.selector) {
                found = true;
                assertEq(logs[i].topics.length, 4);
                assertEq(address(uint160(uint256(logs[i].topics[1]))), address(v.fund()));
                assertEq(address(uint160(uint256(logs[i].topics[2]))), address(v.trader()));
                assertEq(address(uint160(uint256(logs[i].topics[3]))), address(oracle));
                (address m, address o) = abi.decode(logs[i].data, (address, address));
                assertEq(m, address(market));
                assertEq(o, owner);
            }
        }
        assertTrue(found, "SystemDeployed not emitted");
    }

    function _deploy(address o, address m) internal returns (VirtualPowerPlant) {
        return VirtualPowerPlant(address(_deploySystem(address(this), owner, o, m, _params(), _fundParams())));
    }

    /// @dev A fund bound to the address this test's next-but-one CREATE will use.
    function _boundFund() internal returns (IEnergyInvestmentFund) {
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 1);
        return new EnergyInvestmentFund(IVirtualPowerPlant(predicted), _fundParams());
    }

    function test_RevertWhen_DeployWithBadArguments() public {
        IEnergyTrader.TradingParams memory p = _params();
        IEnergyInvestmentFund f = _boundFund();
        vm.expectRevert(IVirtualPowerPlant.ZeroAddress.selector);
        new VirtualPowerPlant(owner, f, address(0), address(market), p);
        vm.expectRevert(IVirtualPowerPlant.ZeroAddress.selector);
        new VirtualPowerPlant(owner, f, address(oracle), address(0), p);
        vm.expectRevert(IVirtualPowerPlant.ZeroAddress.selector);
        new VirtualPowerPlant(owner, IEnergyInvestmentFund(address(0)), address(oracle), address(market), p);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new VirtualPowerPlant(address(0), f, address(oracle), address(market), p);
        // the trader's own checks surface unchanged (the fund's: EnergyInvestmentFund.t.sol, constructor)
        // (each CREATE uses a nonce even when it reverts, so each attempt gets a fund bound to its own address)
        address feed8 = address(new Feed8Decimals());
        f = _boundFund();
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.InvalidOracleDecimals.selector, uint8(8)));
        new VirtualPowerPlant(owner, f, feed8, address(market), p);
        p.maxBatchSize = 0;
        f = _boundFund();
        vm.expectRevert(IEnergyTrader.InvalidTradingParams.selector);
        new VirtualPowerPlant(owner, f, address(oracle), address(market), p);
        f = _boundFund();
        VirtualPowerPlant v = new VirtualPowerPlant(owner, f, address(oracle), address(market), _params());
        assertEq(address(v.fund()), address(f));
    }

    /// @notice The root refuses a fund that is not bound to it: bound to another address, not a fund, or no code.
    function test_RevertWhen_DeployWithUnboundFund() public {
        IEnergyInvestmentFund other = new EnergyInvestmentFund(vpp, _fundParams());
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.FundNotBound.selector, address(other)));
        new VirtualPowerPlant(owner, other, address(oracle), address(market), _params());
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.FundNotBound.selector, address(market)));
        new VirtualPowerPlant(
            owner, IEnergyInvestmentFund(address(market)), address(oracle), address(market), _params()
        );
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.FundNotBound.selector, address(0xbeef)));
        new VirtualPowerPlant(
            owner, IEnergyInvestmentFund(address(0xbeef)), address(oracle), address(market), _params()
        );
    }

    /// @notice What real networks enforce: EIP-170 (runtime ≤ 24,576 bytes) and EIP-3860 (initcode ≤ 49,152 bytes).
    function test_Deployment_FitsCodeSizeLimits() public view {
        assertLe(address(vpp).code.length, 24_576, "VirtualPowerPlant runtime");
        assertLe(address(fund).code.length, 24_576, "EnergyInvestmentFund runtime");
        assertLe(address(trader).code.length, 24_576, "EnergyTrader runtime");
        assertLe(type(VirtualPowerPlant).creationCode.length, 49_152, "VirtualPowerPlant initcode");
        assertLe(type(EnergyInvestmentFund).creationCode.length, 49_152, "fund initcode");
    }

    // ------------------------------------------------------------------ admins and guardians

    function test_AddAdmin() public {
        uint256 n = vpp.adminCount();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.AdminAdded(alice, owner);
        vm.prank(owner);
        vpp.addAdmin(alice);
        assertTrue(vpp.isAdmin(alice));
        assertTrue(vpp.isGuardian(alice));
        assertEq(vpp.adminCount(), n + 1);
        address[] memory list = vpp.admins();
        assertEq(list.length, n + 1);
        bool found;
        for (uint256 i; i < list.length; i++) {
            assertEq(vpp.adminAt(i), list[i]);
            if (list[i] == alice) found = true;
            assertTrue(list[i] != owner, "the owner is an admin but not listed");
        }
        assertTrue(found);
    }

    function test_IsAdmin_OwnerIsAdmin() public view {
        assertTrue(vpp.isAdmin(owner));
        assertTrue(vpp.isAdmin(admin));
        assertFalse(vpp.isAdmin(stranger));
        assertTrue(vpp.isGuardian(owner));
        assertTrue(vpp.isGuardian(admin));
        assertFalse(vpp.isGuardian(stranger));
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
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, admin));
        vm.prank(admin);
        vpp.pause();
    }

    /// A removed admin is a guardian (veto only) for exactly timelockDelay; re-adding and removing again restarts
    /// the window.
    function test_RemovedAdminIsAGuardianForOneDelay() public {
        vm.prank(owner);
        vpp.removeAdmin(admin);
        uint256 until = block.timestamp + DELAY;
        assertTrue(vpp.isGuardian(admin));
        vm.warp(until - 1);
        assertTrue(vpp.isGuardian(admin));
        vm.warp(until);
        assertFalse(vpp.isGuardian(admin));
        vm.startPrank(owner);
        vpp.addAdmin(admin);
        vpp.removeAdmin(admin);
        vm.stopPrank();
        assertTrue(vpp.isGuardian(admin));
        vm.warp(block.timestamp + DELAY);
        assertFalse(vpp.isGuardian(admin));
    }

    function test_RevertWhen_AdminManagementInvalid() public {
        vm.startPrank(owner);
        vm.expectRevert(IVirtualPowerPlant.ZeroAddress.selector);
        vpp.addAdmin(address(0));
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.AlreadyAdmin.selector, admin));
        vpp.addAdmin(admin);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAnAdmin.selector, stranger));
        vpp.removeAdmin(stranger);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.addAdmin(alice);
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.removeAdmin(admin);
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
        vpp.pause();
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vm.prank(admin);
        vpp.addBattery(_config());
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        vpp.unpause();
        vm.expectEmit(true, false, false, true, address(vpp));
        emit IVirtualPowerPlant.SystemUnpaused(owner);
        vm.prank(owner);
        vpp.unpause();
        assertFalse(vpp.paused());
        _addBattery();
    }

    function test_PauseByOwnerAndErrors() public {
        vm.expectRevert(IVirtualPowerPlant.SystemNotPaused.selector);
        vm.prank(owner);
        vpp.unpause();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.pause();
        vm.prank(owner);
        vpp.pause();
        assertTrue(vpp.paused());
    }

    /// Paused: no fleet change (added, altered, decommissioned or purchased); roles stay manageable.
    function test_PausedFleetFrozenRolesManageable() public {
        uint256 id = _addBattery();
        vm.prank(owner);
        vpp.pause();
        vm.startPrank(admin);
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vpp.addBattery(_config());
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vpp.updateBattery(id, _config());
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vpp.decommissionBattery(id);
        vm.stopPrank();
        vm.expectRevert(IVirtualPowerPlant.SystemIsPaused.selector);
        vm.prank(address(fund));
        vpp.registerPurchasedBattery(_config(), owner);
        vm.startPrank(owner);
        vpp.removeAdmin(admin);
        vpp.addAdmin(carol);
        vm.stopPrank();
        assertTrue(vpp.isAdmin(carol));
    }

    // ------------------------------------------------------------------ fleet: add

    function _assertRecord(uint256 id, IVirtualPowerPlant.BatteryConfig memory c, uint256 addedAt) internal view {
        IVirtualPowerPlant.Battery memory b = vpp.battery(id);
        assertEq(b.capacityWh, c.capacityWh);
        assertEq(b.maxChargeW, c.maxChargeW);
        assertEq(b.maxDischargeW, c.maxDischargeW);
        assertEq(b.roundTripEfficiencyBps, c.roundTripEfficiencyBps);
        assertEq(
            uint8(b.status),
            uint8(c.active ? IVirtualPowerPlant.BatteryStatus.Active : IVirtualPowerPlant.BatteryStatus.Inactive)
        );
        assertEq(b.addedAt, addedAt);
        assertEq(b.chargeBelowPrice, c.chargeBelowPrice);
        assertEq(b.dischargeAbovePrice, c.dischargeAbovePrice);
        IVirtualPowerPlant.DispatchState memory s = vpp.dispatchConfig(id);
        assertEq(uint8(s.status), uint8(b.status));
        assertEq(s.capacityWh, c.capacityWh);
        assertEq(s.maxChargeW, c.maxChargeW);
        assertEq(s.maxDischargeW, c.maxDischargeW);
        assertEq(s.roundTripEfficiencyBps, c.roundTripEfficiencyBps);
        assertEq(s.chargeBelowPrice, c.chargeBelowPrice);
        assertEq(s.dischargeAbovePrice, c.dischargeAbovePrice);
        assertEq(s.stateOfChargeWh, 0, "dispatchConfig carries no state of charge");
    }

    function test_AddBattery_PackedRecordAndTraderState() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.expectEmit(true, true, true, true, address(vpp));
        emit IVirtualPowerPlant.BatteryAdded(1, c.serial, admin, c);
        uint256 id = _addBattery(c);
        assertEq(id, 1);
        assertEq(vpp.batteryCount(), 1);
        assertEq(vpp.fleetSize(), 1);
        assertEq(vpp.fleetBatteryAt(0), 1);
        assertEq(root.activeFleetSize(), 1);
        assertEq(root.activeFleetBatteries(0, 10)[0], 1);
        _assertRecord(id, c, block.timestamp);
        assertEq(vpp.dispatchState(id).stateOfChargeWh, 0);
        // the trader's packed slot is pre-initialised: "interval 0" marked, never a live interval
        IEnergyTrader.BatteryState memory st = trader.batteryState(id);
        assertEq(st.intervalPlusOne, 1);
        assertEq(st.stateOfChargeWh, 0);
        assertEq(st.profileId, 0);
        assertEq(st.inventoryCost, 0);
        assertEq(trader.lastDispatchedInterval(id), 0);
    }

    function test_AddBattery_InactiveIsOutOfTheActiveSet() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.active = false;
        uint256 id = _addBattery(c);
        _assertRecord(id, c, block.timestamp);
        assertEq(vpp.fleetSize(), 1);
        assertEq(root.activeFleetSize(), 0);
        assertEq(root.activeFleetBatteries(0, 10).length, 0);
    }

    function test_AddBattery_OwnerIsAdmin() public {
        vm.prank(owner);
        assertEq(vpp.addBattery(_config()), 1);
    }

    function test_RevertWhen_AddBatteryInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.addBattery(_config());
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 0;
        vm.expectRevert(IVirtualPowerPlant.ZeroCapacity.selector);
        _addBattery(c);
        c = _config();
        c.roundTripEfficiencyBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.InvalidEfficiency.selector, uint16(0)));
        _addBattery(c);
        c.roundTripEfficiencyBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.InvalidEfficiency.selector, uint16(10_001)));
        _addBattery(c);
        c = _config();
        c.dischargeAbovePrice = c.chargeBelowPrice;
        vm.expectRevert(
            abi.encodeWithSelector(
                IVirtualPowerPlant.InvalidPriceThresholds.selector, c.chargeBelowPrice, c.dischargeAbovePrice
            )
        );
        _addBattery(c);
    }

    function test_AddBattery_Bounds() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.roundTripEfficiencyBps = 1;
        _addBattery(c);
        c.roundTripEfficiencyBps = 10_000;
        _addBattery(c);
        // thresholds are stored as int112: the extremes fit, one beyond does not
        c.chargeBelowPrice = type(int112).min;
        c.dischargeAbovePrice = type(int112).max;
        uint256 id = _addBattery(c);
        assertEq(vpp.battery(id).chargeBelowPrice, type(int112).min);
        assertEq(vpp.battery(id).dischargeAbovePrice, type(int112).max);
        c.chargeBelowPrice = int128(type(int112).min) - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IVirtualPowerPlant.InvalidPriceThresholds.selector, c.chargeBelowPrice, c.dischargeAbovePrice
            )
        );
        _addBattery(c);
        c.chargeBelowPrice = 0;
        c.dischargeAbovePrice = int128(type(int112).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IVirtualPowerPlant.InvalidPriceThresholds.selector, int128(0), c.dischargeAbovePrice)
        );
        _addBattery(c);
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

    // ------------------------------------------------------------------ fleet: update

    function test_UpdateBattery_ThresholdsStatusAndMetadata() public {
        uint256 id = _addBattery();
        uint256 added = block.timestamp;
        vm.warp(block.timestamp + 1 days);
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("NEW"));
        c.capacityWh = 12_000; // lowering is allowed
        c.chargeBelowPrice = -1 ether;
        c.dischargeAbovePrice = 2 ether;
        c.active = false;
        c.metadataURI = "ipfs://updated";
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryUpdated(id, admin, c);
        vm.prank(admin);
        vpp.updateBattery(id, c);
        _assertRecord(id, c, added);
        assertEq(root.activeFleetSize(), 0);

        c.active = true;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Active));
        assertEq(root.activeFleetSize(), 1);
        // updating an active battery keeps its place (no duplicate in the set)
        vm.prank(admin);
        vpp.updateBattery(id, c);
        assertEq(root.activeFleetSize(), 1);
    }

    function test_RevertWhen_UpdateBatteryInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 7));
        vm.prank(admin);
        vpp.updateBattery(7, _config());
        uint256 id = _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.updateBattery(id, _config());
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
        vm.prank(admin);
        vpp.decommissionBattery(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryIsDecommissioned.selector, id));
        vm.prank(admin);
        vpp.updateBattery(id, _config());
    }

    /// @dev One interval of charging at a negative price: 5 kW x 300 s = 416 Wh from the grid, 374 Wh stored.
    function _chargeOnce(uint256 id) internal {
        _nextInterval();
        _push(-0.01 ether);
        _dispatch(id);
    }

    function test_RevertWhen_UpdateBatteryCapacityBelowStateOfCharge() public {
        uint256 id = _addBattery();
        _chargeOnce(id);
        assertEq(_soc(id), 374);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        c.capacityWh = 373;
        vm.expectRevert(
            abi.encodeWithSelector(IVirtualPowerPlant.CapacityBelowStateOfCharge.selector, uint64(373), uint64(374))
        );
        vm.prank(admin);
        vpp.updateBattery(id, c);
        c.capacityWh = 374;
        vm.prank(admin);
        vpp.updateBattery(id, c);
        assertEq(vpp.dispatchState(id).capacityWh, 374);
        assertEq(vpp.dispatchState(id).stateOfChargeWh, 374, "the state of charge is read from the trader");
    }

    // ------------------------------------------------------------------ fleet: decommission

    function test_DecommissionBattery_Empty() public {
        uint256 id = _addBattery();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryDecommissioned(id, admin, 0);
        vm.prank(admin);
        vpp.decommissionBattery(id);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Decommissioned));
        assertEq(vpp.fleetSize(), 0);
        assertEq(vpp.batteryCount(), 1);
        assertEq(root.activeFleetSize(), 0);
        assertEq(vpp.fleetBatteries(0, 10).length, 0);
    }

    /// A battery holding energy cannot be decommissioned (its stored energy would leave the books); once
    /// discharged it can.
    function test_DecommissionBattery_NeedsAnEmptyBattery() public {
        _invest(alice, 10 ether);
        uint256 id = _addBattery();
        _chargeOnce(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotEmpty.selector, id, uint64(374)));
        vm.prank(admin);
        vpp.decommissionBattery(id);
        _nextInterval();
        _push(1 ether);
        _dispatch(id);
        assertEq(_soc(id), 0);
        assertEq(fund.storedEnergyValue(), 0);
        vm.prank(admin);
        vpp.decommissionBattery(id);
        assertEq(uint8(vpp.battery(id).status), uint8(IVirtualPowerPlant.BatteryStatus.Decommissioned));
    }

    /// Decommissioning a purchased battery writes its remaining book value off (NAV drops by exactly that).
    function test_DecommissionBattery_WritesOffThePurchasedBook() public {
        _invest(alice, 10 ether);
        uint256 id = _purchase(vendor, 4 ether, 10);
        vm.warp(block.timestamp + 3 * EPOCH);
        uint256 remaining = fund.batteryBookValue(id);
        assertGt(remaining, 0);
        assertLt(remaining, 4 ether, "depreciated");
        int256 navBefore = fund.netAssetValue();
        vm.expectEmit(true, true, false, true, address(vpp));
        emit IVirtualPowerPlant.BatteryDecommissioned(id, admin, 0);
        vm.expectEmit(true, false, false, true, address(fund));
        emit IEnergyInvestmentFund.BatteryWrittenOff(id, remaining);
        vm.prank(admin);
        vpp.decommissionBattery(id);
        assertEq(fund.batteryBookValue(id), 0);
        assertEq(fund.netAssetValue(), navBefore - int256(remaining));
    }

    function test_RevertWhen_DecommissionInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 1));
        vm.prank(admin);
        vpp.decommissionBattery(1);
        uint256 id = _addBattery();
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotAdmin.selector, stranger));
        vm.prank(stranger);
        vpp.decommissionBattery(id);
        vm.prank(admin);
        vpp.decommissionBattery(id);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryIsDecommissioned.selector, id));
        vm.prank(admin);
        vpp.decommissionBattery(id);
    }

    // ------------------------------------------------------------------ fleet: views and the active set

    function test_RevertWhen_BatteryUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.BatteryNotFound.selector, 42));
        vpp.battery(42);
        // the dispatch views do not revert: an unknown id reads as status None (the trader skips it)
        assertEq(uint8(vpp.dispatchConfig(42).status), uint8(IVirtualPowerPlant.BatteryStatus.None));
        assertEq(uint8(vpp.dispatchState(42).status), uint8(IVirtualPowerPlant.BatteryStatus.None));
    }

    function test_FleetEnumeration_AscendingSkipsDecommissioned() public {
        for (uint256 i; i < 5; i++) {
            _addBattery();
        }
        uint256[] memory page = vpp.fleetBatteries(1, 3);
        assertEq(page.length, 3);
        for (uint256 i; i < 3; i++) {
            assertEq(page[i], vpp.fleetBatteryAt(1 + i));
            assertEq(page[i], 2 + i);
        }
        assertEq(vpp.fleetBatteries(3, 10).length, 2);
        assertEq(vpp.fleetBatteries(5, 10).length, 0);
        assertEq(vpp.fleetBatteries(0, 0).length, 0);
        vm.prank(admin);
        vpp.decommissionBattery(2);
        page = vpp.fleetBatteries(0, 10);
        assertEq(page.length, 4);
        assertEq(page[0], 1);
        assertEq(page[1], 3);
        assertEq(page[3], 5);
        assertEq(vpp.fleetBatteryAt(1), 3);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.IndexOutOfBounds.selector, 4, 4));
        vpp.fleetBatteryAt(4);
    }

    function _active() internal view returns (uint256[] memory) {
        return root.activeFleetBatteries(0, 100);
    }

    function _assertActive(uint256[4] memory want, uint256 n) internal view {
        uint256[] memory got = _active();
        assertEq(got.length, n);
        assertEq(root.activeFleetSize(), n);
        for (uint256 i; i < n; i++) {
            assertEq(got[i], want[i]);
        }
    }

    /// The active set is an index list with swap-and-pop removal: the last entry takes the removed one's place;
    /// reactivation appends; decommissioning removes.
    function test_ActiveSet_SwapAndPop() public {
        for (uint256 i; i < 5; i++) {
            _addBattery();
        }
        IVirtualPowerPlant.BatteryConfig memory off = _config();
        off.active = false;
        vm.prank(admin);
        vpp.updateBattery(2, off); // [1,2,3,4,5] -> [1,5,3,4]
        _assertActive([uint256(1), 5, 3, 4], 4);
        vm.prank(admin);
        vpp.decommissionBattery(1); // -> [4,5,3]
        _assertActive([uint256(4), 5, 3, 0], 3);
        vm.prank(admin);
        vpp.updateBattery(2, _config()); // reactivated: appended -> [4,5,3,2]
        _assertActive([uint256(4), 5, 3, 2], 4);
        vm.prank(admin);
        vpp.decommissionBattery(2); // the last one: plain pop -> [4,5,3]
        _assertActive([uint256(4), 5, 3, 0], 3);
        vm.prank(admin);
        vpp.decommissionBattery(2 + 1); // -> [4,5]
        _assertActive([uint256(4), 5, 0, 0], 2);
        // pages
        uint256[] memory page = root.activeFleetBatteries(1, 5);
        assertEq(page.length, 1);
        assertEq(page[0], 5);
        assertEq(root.activeFleetBatteries(2, 5).length, 0);
        // an inactive battery can be decommissioned (it is not in the set)
        vm.prank(admin);
        vpp.updateBattery(4, off);
        vm.prank(admin);
        vpp.decommissionBattery(4);
        _assertActive([uint256(5), 0, 0, 0], 1);
        assertEq(vpp.fleetSize(), 1);
    }

    // ------------------------------------------------------------------ the fund's hook

    function test_RegisterPurchasedBattery_ByFund() public {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.expectEmit(true, true, true, true, address(vpp));
        emit IVirtualPowerPlant.BatteryAdded(1, c.serial, carol, c);
        vm.prank(address(fund));
        uint256 id = vpp.registerPurchasedBattery(c, carol);
        assertEq(id, 1);
        assertEq(vpp.fleetSize(), 1);
        assertEq(root.activeFleetSize(), 1);
        assertEq(trader.batteryState(id).intervalPlusOne, 1);
        vm.expectRevert(abi.encodeWithSelector(IVirtualPowerPlant.NotFund.selector, admin));
        vm.prank(admin);
        vpp.registerPurchasedBattery(c, admin);
        c.capacityWh = 0;
        vm.expectRevert(IVirtualPowerPlant.ZeroCapacity.selector);
        vm.prank(address(fund));
        vpp.registerPurchasedBattery(c, carol);
    }
}
// forge-lint: disable-end(unsafe-typecast)
