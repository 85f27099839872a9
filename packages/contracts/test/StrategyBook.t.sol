// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Test, Vm} from "forge-std/Test.sol";
import {RefRule} from "./utils/Base.t.sol";
import {StrategyBookHarness} from "./utils/StrategyBookHarness.sol";
import {StrategyTable} from "../src/libraries/StrategyTable.sol";
import {IStrategyBook} from "../src/interfaces/IStrategyBook.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";

/// @notice Reference implementation of the table rule, written from .notes/design-issues-7-10.md only.
library RefTable {
    function blockOf(uint256 interval, uint256 intervalSeconds) internal pure returns (uint256) {
        uint256 intervalStart = interval * intervalSeconds;
        return ((intervalStart + 36000) % 86400) / 1800;
    }

    function bandOf(uint256 socWh, uint256 capacityWh) internal pure returns (uint256) {
        if (capacityWh == 0) return 7;
        uint256 b = socWh * 8 / capacityWh;
        return b < 7 ? b : 7;
    }

    function lane(bytes32 word, uint256 band) internal pure returns (int16 lo, int16 hi) {
        uint256 bits = uint256(word) >> (32 * band);
        lo = int16(uint16(bits & 0xffff));
        hi = int16(uint16((bits >> 16) & 0xffff));
    }

    function ordered(bytes32 word) internal pure returns (bool) {
        for (uint256 b; b < 8; b++) {
            (int16 lo, int16 hi) = lane(word, b);
            if (lo > hi) return false;
        }
        return true;
    }

    function pack(int16[8] memory lo, int16[8] memory hi) internal pure returns (bytes32 w) {
        uint256 acc;
        for (uint256 b; b < 8; b++) {
            acc |= (uint256(uint16(lo[b])) | (uint256(uint16(hi[b])) << 16)) << (32 * b);
        }
        w = bytes32(acc);
    }

    /// @dev Buffers as (effectiveFrom, validUntil, unitWei); empty = unitWei 0.
    function active(uint32[2] memory ef, uint64[2] memory unit, uint256 interval)
        internal
        pure
        returns (bool found, uint256 buffer)
    {
        int256 best = -1;
        for (uint256 i; i < 2; i++) {
            if (unit[i] != 0 && ef[i] <= interval && int256(uint256(ef[i])) > best) {
                best = int256(uint256(ef[i]));
                buffer = i;
                found = true;
            }
        }
    }
}

contract StrategyBookTest is Test {
    uint32 internal constant SECONDS = 300;
    /// @dev 2024-06-01T00:00:00Z.
    uint256 internal constant T0 = 1_717_200_000;
    uint64 internal constant UNIT = 250_000_000_000_000; // 1 AUD/MWh at 4,000 AUD/ETH
    /// @dev StrategyBookStorage.profiles: the ERC-7201 slot of "vpp.storage.StrategyBook" + 1.
    bytes32 internal constant PROFILES_SLOT = bytes32(
        (uint256(keccak256(abi.encode(uint256(keccak256("vpp.storage.StrategyBook")) - 1))) & ~uint256(0xff)) + 1
    );

    StrategyBookHarness internal book;
    address internal owner = address(this);
    address internal strategist = makeAddr("strategist");
    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");
    uint32 internal pid;

    function setUp() public {
        vm.warp(T0);
        book = new StrategyBookHarness(SECONDS);
        book.setAdmin(admin, true);
        pid = book.createProfile(strategist, 120, 9000);
    }

    // ------------------------------------------------------------------ helpers

    function _now() internal view returns (uint32) {
        return uint32(block.timestamp / SECONDS);
    }

    /// @dev A table whose every band of block k holds (lo, hi) = (base + k*10 + b, base + k*10 + b + 100).
    function _table(int16 base) internal pure returns (bytes32[48] memory t) {
        for (uint256 k; k < 48; k++) {
            int16[8] memory lo;
            int16[8] memory hi;
            for (uint256 b; b < 8; b++) {
                lo[b] = int16(int256(base) + int256(k * 10 + b));
                hi[b] = lo[b] + 100;
            }
            t[k] = RefTable.pack(lo, hi);
        }
    }

    function _publish(uint32 ef, uint32 vu, uint64 unit, int16 base) internal returns (uint8) {
        vm.prank(strategist);
        return book.publishTable(pid, ef, vu, unit, _table(base));
    }

    function _update(uint8 first, bytes32[] memory blocks, uint32 vu) internal returns (uint8) {
        vm.prank(strategist);
        return book.updateBlocks(pid, first, blocks, vu);
    }

    function _state(uint64 soc) internal pure returns (IVirtualPowerPlant.DispatchState memory s) {
        s = IVirtualPowerPlant.DispatchState({
            status: IVirtualPowerPlant.BatteryStatus.Active,
            capacityWh: 2_000_000,
            maxChargeW: 1_000_000,
            maxDischargeW: 1_000_000,
            roundTripEfficiencyBps: 9000,
            chargeBelowPrice: -1 ether,
            dischargeAbovePrice: 1000 ether,
            stateOfChargeWh: soc
        });
    }

    /// @dev The thresholds (units) the book serves at `interval` for soc/capacity.
    function _units(uint64 interval, uint64 soc) internal view returns (int256 lo, int256 hi, bool ok) {
        (lo, hi, ok) = book.thresholdsFor(pid, interval, soc, 2_000_000);
    }

    // ------------------------------------------------------------------ library vs reference

    function testFuzz_blockOf_MatchesReference(uint64 interval, uint32 intervalSeconds) public pure {
        assertEq(StrategyTable.blockOf(interval, intervalSeconds), RefTable.blockOf(interval, intervalSeconds));
    }

    function testFuzz_bandOf_MatchesReference(uint64 soc, uint64 capacity) public pure {
        assertEq(StrategyTable.bandOf(soc, capacity), RefTable.bandOf(soc, capacity));
    }

    function testFuzz_unpackAndScale_MatchReference(bytes32 word, uint8 band, uint64 unitWei) public pure {
        band = uint8(bound(band, 0, 7));
        (int16 lo, int16 hi) = StrategyTable.unpack(word, band);
        (int16 rlo, int16 rhi) = RefTable.lane(word, band);
        assertEq(lo, rlo);
        assertEq(hi, rhi);
        (int256 wlo, int256 whi) = StrategyTable.thresholds(word, band, unitWei);
        assertEq(wlo, int256(rlo) * int256(uint256(unitWei)));
        assertEq(whi, int256(rhi) * int256(uint256(unitWei)));
    }

    function testFuzz_packBand_RoundTrips(int16[8] memory lo, int16[8] memory hi) public pure {
        bytes32 w;
        for (uint256 b; b < 8; b++) {
            w |= StrategyTable.packBand(b, lo[b], hi[b]);
        }
        assertEq(w, RefTable.pack(lo, hi));
        for (uint256 b; b < 8; b++) {
            (int16 l, int16 h) = StrategyTable.unpack(w, b);
            assertEq(l, lo[b]);
            assertEq(h, hi[b]);
        }
    }

    function testFuzz_isOrdered_MatchesReference(bytes32 word) public pure {
        assertEq(StrategyTable.isOrdered(word), RefTable.ordered(word));
        uint256 first = StrategyTable.firstInvertedBand(word);
        if (RefTable.ordered(word)) assertEq(first, 8);
        else assertLt(first, 8);
    }

    /// @dev Random words are mostly unordered; this one builds ordered words with one optional inversion.
    function testFuzz_isOrdered_DetectsSingleInversion(int16[8] memory lo, uint16[8] memory gap, uint8 flip)
        public
        pure
    {
        int16[8] memory hi;
        for (uint256 b; b < 8; b++) {
            int256 h = int256(lo[b]) + int256(uint256(gap[b]));
            hi[b] = int16(h > type(int16).max ? type(int16).max : h);
        }
        assertTrue(StrategyTable.isOrdered(RefTable.pack(lo, hi)));
        uint256 f = flip % 8;
        if (lo[f] == hi[f]) return;
        (lo[f], hi[f]) = (hi[f], lo[f]);
        assertFalse(StrategyTable.isOrdered(RefTable.pack(lo, hi)));
        assertEq(StrategyTable.firstInvertedBand(RefTable.pack(lo, hi)), f);
    }

    function test_isOrdered_Extremes() public pure {
        int16 mn = type(int16).min;
        int16 mx = type(int16).max;
        assertTrue(StrategyTable.isOrdered(StrategyTable.packBand(3, mn, mx)));
        assertTrue(StrategyTable.isOrdered(StrategyTable.packBand(7, mx, mx)));
        assertTrue(StrategyTable.isOrdered(StrategyTable.packBand(0, mn, mn)));
        assertFalse(StrategyTable.isOrdered(StrategyTable.packBand(7, mx, mn)));
        assertFalse(StrategyTable.isOrdered(StrategyTable.packBand(0, 0, -1)));
        assertFalse(StrategyTable.isOrdered(StrategyTable.packBand(5, 1, 0)));
        assertTrue(StrategyTable.isOrdered(bytes32(0)));
    }

    struct FuzzBuffer {
        uint32 ef;
        uint32 vu;
        uint64 unit;
        bool empty;
    }

    /// @dev `small` squeezes intervals into 0..20 so that ties and boundaries are hit often.
    function testFuzz_activeBuffer_MatchesReference(
        FuzzBuffer memory b0,
        FuzzBuffer memory b1,
        uint256 interval,
        bool small
    ) public pure {
        if (b0.empty) b0.unit = 0;
        if (b1.empty) b1.unit = 0;
        if (small) {
            (b0.ef, b1.ef) = (b0.ef % 16, b1.ef % 16);
            interval %= 21;
        } else {
            interval = bound(interval, 0, uint256(type(uint32).max) + 10);
        }
        uint256 header = StrategyTable.withMeta(0, 0, StrategyTable.encodeMeta(b0.ef, b0.vu, b0.unit));
        header = StrategyTable.withMeta(header, 1, StrategyTable.encodeMeta(b1.ef, b1.vu, b1.unit));
        (bool found, uint256 buffer) = StrategyTable.activeBuffer(header, interval);
        (bool rfound, uint256 rbuffer) = RefTable.active([b0.ef, b1.ef], [b0.unit, b1.unit], interval);
        assertEq(found, rfound);
        assertEq(buffer, rbuffer);
        uint256 m1 = StrategyTable.metaOf(header, 1);
        assertEq(StrategyTable.effectiveFromOf(m1), b1.ef);
        assertEq(StrategyTable.validUntilOf(m1), b1.vu);
        assertEq(StrategyTable.unitWeiOf(m1), b1.unit);
        uint256 m0 = StrategyTable.metaOf(header, 0);
        assertEq(StrategyTable.effectiveFromOf(m0), b0.ef);
        assertEq(StrategyTable.validUntilOf(m0), b0.vu);
        assertEq(StrategyTable.unitWeiOf(m0), b0.unit);
        // Rewriting one buffer's meta leaves the other intact.
        uint256 h2 = StrategyTable.withMeta(header, 0, StrategyTable.encodeMeta(1, 2, 3));
        assertEq(StrategyTable.metaOf(h2, 1), m1);
        assertEq(StrategyTable.metaOf(h2, 0), StrategyTable.encodeMeta(1, 2, 3));
    }

    // ------------------------------------------------------------------ edges of the rule

    function test_blockOf_MarketMidnightWrap() public pure {
        // 14:00 UTC = 00:00 market time (UTC+10).
        uint256 midnight = T0 + 14 hours;
        assertEq(StrategyTable.blockOf(uint64(midnight / 300), 300), 0);
        assertEq(StrategyTable.blockOf(uint64((midnight - 300) / 300), 300), 47);
        assertEq(StrategyTable.blockOf(uint64((midnight + 1500) / 300), 300), 0);
        assertEq(StrategyTable.blockOf(uint64((midnight + 1800) / 300), 300), 1);
        // 00:00 UTC = 10:00 market = block 20; 13:30 UTC = 23:30 market = block 47.
        assertEq(StrategyTable.blockOf(uint64(T0 / 300), 300), 20);
        assertEq(StrategyTable.blockOf(uint64((T0 + 13.5 hours) / 300), 300), 47);
        assertEq(StrategyTable.blockOf(0, 300), 20);
        // A 30-minute interval length: one block per interval.
        assertEq(StrategyTable.blockOf(uint64(midnight / 1800), 1800), 0);
        assertEq(StrategyTable.blockOf(uint64(midnight / 1800) - 1, 1800), 47);
    }

    function test_bandOf_Edges() public pure {
        assertEq(StrategyTable.bandOf(0, 8000), 0);
        assertEq(StrategyTable.bandOf(999, 8000), 0);
        assertEq(StrategyTable.bandOf(1000, 8000), 1);
        assertEq(StrategyTable.bandOf(6999, 8000), 6);
        assertEq(StrategyTable.bandOf(7000, 8000), 7);
        assertEq(StrategyTable.bandOf(7999, 8000), 7);
        assertEq(StrategyTable.bandOf(8000, 8000), 7); // full
        assertEq(StrategyTable.bandOf(9000, 8000), 7); // above capacity
        assertEq(StrategyTable.bandOf(0, 0), 7); // capacity 0 counts as full
        // Capacity not divisible by 8: soc*8/capacity floors.
        assertEq(StrategyTable.bandOf(874, 7000), 0); // 6992/7000
        assertEq(StrategyTable.bandOf(875, 7000), 1); // 7000/7000
        assertEq(StrategyTable.bandOf(1, 7), 1);
        assertEq(StrategyTable.bandOf(type(uint64).max - 1, type(uint64).max), 7);
        assertEq(StrategyTable.bandOf(type(uint64).max / 8, type(uint64).max), 0);
    }

    // ------------------------------------------------------------------ profiles and roles

    function test_createProfile_EmitsAndStores() public {
        vm.expectEmit(true, true, false, true, address(book));
        emit IStrategyBook.ProfileCreated(2, admin, 240, 8500);
        uint32 id = book.createProfile(admin, 240, 8500);
        assertEq(id, 2);
        assertEq(book.profileCount(), 2);
        IStrategyBook.Profile memory p = book.profile(2);
        assertEq(p.strategist, admin);
        assertEq(p.durationMinutes, 240);
        assertEq(p.roundTripEfficiencyBps, 8500);
    }

    function test_RevertWhen_createProfile_NotOwner() public {
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(StrategyBookHarness.NotOwner.selector, strategist));
        book.createProfile(strategist, 120, 9000);
    }

    function test_RevertWhen_createProfile_InvalidKind() public {
        vm.expectRevert(IStrategyBook.InvalidProfileKind.selector);
        book.createProfile(strategist, 0, 9000);
        vm.expectRevert(IStrategyBook.InvalidProfileKind.selector);
        book.createProfile(strategist, 120, 0);
        vm.expectRevert(IStrategyBook.InvalidProfileKind.selector);
        book.createProfile(strategist, 120, 10_001);
    }

    function test_setStrategist_HandsOverPublishing() public {
        vm.expectEmit(true, true, true, true, address(book));
        emit IStrategyBook.StrategistUpdated(pid, strategist, stranger);
        book.setStrategist(pid, stranger);
        assertEq(book.profile(pid).strategist, stranger);
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, pid, strategist));
        book.publishTable(pid, _now(), _now() + 10, UNIT, _table(0));
        vm.prank(stranger);
        book.publishTable(pid, _now(), _now() + 10, UNIT, _table(0));
    }

    function test_RevertWhen_setStrategist_NotOwnerOrUnknown() public {
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(StrategyBookHarness.NotOwner.selector, strategist));
        book.setStrategist(pid, strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.UnknownProfile.selector, 9));
        book.setStrategist(9, strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.UnknownProfile.selector, 0));
        book.setStrategist(0, strategist);
    }

    function test_RevertWhen_profile_Unknown() public {
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.UnknownProfile.selector, 2));
        book.profile(2);
    }

    function test_setBatteryProfile_AdminSetsAndClears() public {
        vm.expectEmit(true, true, true, true, address(book));
        emit IStrategyBook.BatteryProfileSet(42, 0, pid);
        vm.prank(admin);
        book.setBatteryProfile(42, pid);
        assertEq(book.batteryProfile(42), pid);
        vm.expectEmit(true, true, true, true, address(book));
        emit IStrategyBook.BatteryProfileSet(42, pid, 0);
        book.setBatteryProfile(42, 0);
        assertEq(book.batteryProfile(42), 0);
    }

    function test_RevertWhen_setBatteryProfile_NotAdminOrUnknownProfile() public {
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(StrategyBookHarness.NotAdmin.selector, strategist));
        book.setBatteryProfile(1, pid);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.UnknownProfile.selector, 2));
        book.setBatteryProfile(1, 2);
    }

    /// @dev 8 ids share a slot: setting one never changes its neighbours.
    function testFuzz_setBatteryProfile_KeepsNeighbours(uint256 base, uint8 which, uint32[8] memory ids) public {
        base = bound(base, 0, type(uint256).max / 16) * 8;
        for (uint256 i; i < 8; i++) {
            ids[i] = uint32(bound(ids[i], 0, 4));
        }
        for (uint256 i = book.profileCount(); i < 4; i++) {
            book.createProfile(strategist, 60, 9000);
        }
        for (uint256 i; i < 8; i++) {
            book.setBatteryProfile(base + i, ids[i]);
        }
        uint256 w = which % 8;
        book.setBatteryProfile(base + w, 3);
        ids[w] = 3;
        for (uint256 i; i < 8; i++) {
            assertEq(book.batteryProfile(base + i), ids[i]);
        }
        assertEq(book.batteryProfile(base + 8), 0);
    }

    // ------------------------------------------------------------------ publishing

    function test_publishTable_WritesInactiveBufferAndEmits() public {
        bytes32[48] memory t = _table(-50);
        uint32 ef = _now() + 5;
        vm.expectEmit(true, true, true, true, address(book));
        emit IStrategyBook.TablePublished(pid, 0, ef, ef + 288, UNIT, keccak256(abi.encodePacked(t)));
        vm.prank(strategist);
        uint8 buf = book.publishTable(pid, ef, ef + 288, UNIT, t);
        assertEq(buf, 0);
        IStrategyBook.TableBuffer memory m = book.tableBuffer(pid, 0);
        assertEq(m.effectiveFrom, ef);
        assertEq(m.validUntil, ef + 288);
        assertEq(m.unitWei, UNIT);
        for (uint8 k; k < 48; k++) {
            assertEq(book.tableBlock(pid, 0, k), t[k]);
            assertEq(book.tableBlock(pid, 1, k), bytes32(0));
        }
        // Pending (no active buffer yet): a second publication replaces it in the same buffer.
        assertEq(_publish(ef + 1, ef + 10, UNIT, 7), 0);
        assertEq(book.tableBuffer(pid, 0).effectiveFrom, ef + 1);
        assertEq(book.tableBuffer(pid, 1).unitWei, 0);
        // Once active, the next publication goes to the other buffer, then alternates.
        vm.warp((ef + 1) * uint256(SECONDS));
        assertEq(_publish(ef + 2, ef + 10, UNIT, 8), 1);
        vm.warp((ef + 2) * uint256(SECONDS));
        assertEq(_publish(ef + 3, ef + 10, UNIT, 9), 0);
        // While buffer 0 is pending and buffer 1 active, a re-publication replaces buffer 0 again.
        assertEq(_publish(ef + 4, ef + 10, UNIT, 10), 0);
        assertEq(book.tableBuffer(pid, 1).effectiveFrom, ef + 2);
    }

    function test_RevertWhen_publishTable_NotStrategistOrUnknownProfile() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, pid, stranger));
        book.publishTable(pid, _now(), _now(), UNIT, _table(0));
        // An unknown profile has no strategist.
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, 7, strategist));
        book.publishTable(7, _now(), _now(), UNIT, _table(0));
    }

    function test_RevertWhen_publishTable_BadParameters() public {
        uint32 n = _now();
        vm.startPrank(strategist);
        vm.expectRevert(IStrategyBook.ZeroUnitWei.selector);
        book.publishTable(pid, n, n, 0, _table(0));
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.EffectiveFromInPast.selector, n - 1, n));
        book.publishTable(pid, n - 1, n + 5, UNIT, _table(0));
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.ValidUntilBeforeEffectiveFrom.selector, n + 1, n + 2));
        book.publishTable(pid, n + 2, n + 1, UNIT, _table(0));
        // Active buffer 0 from n: a publication for the same interval would make the active buffer ambiguous.
        book.publishTable(pid, n, n + 5, UNIT, _table(0));
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.EffectiveFromTaken.selector, n));
        book.publishTable(pid, n, n + 5, UNIT, _table(0));
        vm.stopPrank();
    }

    function test_RevertWhen_publishTable_InvertedThresholds() public {
        bytes32[48] memory t = _table(0);
        t[31] = bytes32(uint256(t[31]) & ~(uint256(0xffffffff) << 160)) | StrategyTable.packBand(5, 10, 9);
        vm.prank(strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.InvertedThresholds.selector, 31, 5));
        book.publishTable(pid, _now(), _now() + 1, UNIT, t);
        // Equal thresholds are allowed (charge wins the tie).
        t[31] = bytes32(uint256(t[31]) & ~(uint256(0xffffffff) << 160)) | StrategyTable.packBand(5, 10, 10);
        vm.prank(strategist);
        book.publishTable(pid, _now(), _now() + 1, UNIT, t);
    }

    // ------------------------------------------------------------------ reading: switching and staleness

    function test_thresholdsFor_SwitchesAtExactBoundaryInterval() public {
        uint32 n = _now();
        _publish(n, n + 1000, UNIT, 0); // buffer 0, active now
        uint32 e = n + 100;
        _publish(e, e + 1000, 2 * UNIT, 1000); // buffer 1, pending
        uint64 soc = 1_000_000; // band 4
        uint256 blkBefore = StrategyTable.blockOf(e - 1, SECONDS);
        uint256 blkAt = StrategyTable.blockOf(e, SECONDS);
        (int256 lo, int256 hi, bool ok) = _units(e - 1, soc);
        assertTrue(ok);
        assertEq(lo, int256(blkBefore * 10 + 4) * int256(uint256(UNIT)));
        assertEq(hi, int256(blkBefore * 10 + 104) * int256(uint256(UNIT)));
        (lo, hi, ok) = _units(e, soc);
        assertTrue(ok);
        assertEq(lo, int256(1000 + blkAt * 10 + 4) * int256(uint256(2 * UNIT)));
        assertEq(hi, int256(1000 + blkAt * 10 + 104) * int256(uint256(2 * UNIT)));
        (bool found, uint8 buf, bool stale) = book.activeBuffer(pid, e - 1);
        assertTrue(found && !stale);
        assertEq(buf, 0);
        (found, buf, stale) = book.activeBuffer(pid, e);
        assertTrue(found && !stale);
        assertEq(buf, 1);
        // Before the first table's effectiveFrom: nothing active.
        (,, ok) = _units(n - 1, soc);
        assertFalse(ok);
    }

    function test_thresholdsFor_StaleFallsBackToStatic() public {
        uint32 n = _now();
        _publish(n, n + 12, UNIT, 0);
        (,, bool ok) = _units(n + 12, 0);
        assertTrue(ok);
        (int256 lo, int256 hi, bool ok2) = _units(n + 13, 0);
        assertFalse(ok2);
        assertEq(lo, 0);
        assertEq(hi, 0);
        (bool found,, bool stale) = book.activeBuffer(pid, n + 13);
        assertTrue(found && stale);

        // The decision then uses the battery's static thresholds: idle at 50 ether/MWh (static band -1..1000).
        IVirtualPowerPlant.DispatchState memory s = _state(1_000_000);
        (IEnergyTrader.Action a,,,,, bool fromTable) = book.decide(pid, s, 50 ether, n + 13);
        assertEq(uint8(a), uint8(IEnergyTrader.Action.Idle));
        assertFalse(fromTable);
        // With the fresh table (thresholds <= 577 units of 2.5e14 wei) 50 ether/MWh discharges.
        (a,,,,, fromTable) = book.decide(pid, s, 50 ether, n + 12);
        assertEq(uint8(a), uint8(IEnergyTrader.Action.Discharge));
        assertTrue(fromTable);
    }

    /// @dev A newer buffer that is stale does not resurrect the older one.
    function test_thresholdsFor_StaleNewerBufferDoesNotFallBackToOlder() public {
        uint32 n = _now();
        _publish(n, n + 10_000, UNIT, 0);
        _publish(n + 5, n + 6, UNIT, 100);
        (,, bool ok) = _units(n + 6, 0);
        assertTrue(ok);
        (,, ok) = _units(n + 7, 0);
        assertFalse(ok);
    }

    /// @dev The book's one-pass lookup equals the reference rule on arbitrary stored states (written with vm.store
    ///      at the documented layout, so states publication never produces, such as ties, are covered too).
    struct LookupCase {
        bytes32 word;
        uint64 interval;
        uint64 soc;
        uint64 cap;
        bool small;
    }

    function testFuzz_thresholdsFor_MatchesReferenceOnAnyState(
        FuzzBuffer memory b0,
        FuzzBuffer memory b1,
        LookupCase memory c
    ) public {
        if (b0.empty) b0.unit = 0;
        if (b1.empty) b1.unit = 0;
        if (c.small) {
            (b0.ef, b1.ef, b0.vu, b1.vu) = (b0.ef % 16, b1.ef % 16, b0.vu % 24, b1.vu % 24);
            (c.interval, c.soc, c.cap) = (c.interval % 24, c.soc % 20, c.cap % 20);
        }
        (bool fresh, uint256 buf, int256 unit) = _storeState(b0, b1, c);
        (int256 lo, int256 hi, bool ok) = book.thresholdsFor(pid, c.interval, c.soc, c.cap);
        assertEq(ok, fresh);
        if (!fresh) {
            assertEq(lo, 0);
            assertEq(hi, 0);
            return;
        }
        (int16 rlo, int16 rhi) = RefTable.lane(c.word, RefTable.bandOf(c.soc, c.cap));
        assertEq(lo, int256(rlo) * unit);
        assertEq(hi, int256(rhi) * unit);
        assertEq(book.tableBlock(pid, uint8(buf), uint8(RefTable.blockOf(c.interval, SECONDS))), c.word);
    }

    /// @dev Writes the header and the looked-up block of both buffers; returns the reference's verdict.
    function _storeState(FuzzBuffer memory b0, FuzzBuffer memory b1, LookupCase memory c)
        internal
        returns (bool fresh, uint256 buf, int256 unit)
    {
        bytes32 base = keccak256(abi.encode(uint256(pid), uint256(PROFILES_SLOT)));
        uint256 header = StrategyTable.withMeta(0, 0, StrategyTable.encodeMeta(b0.ef, b0.vu, b0.unit));
        header = StrategyTable.withMeta(header, 1, StrategyTable.encodeMeta(b1.ef, b1.vu, b1.unit));
        vm.store(address(book), base, bytes32(header));
        uint256 blk = RefTable.blockOf(c.interval, SECONDS);
        bool found;
        (found, buf) = RefTable.active([b0.ef, b1.ef], [b0.unit, b1.unit], c.interval);
        vm.store(address(book), bytes32(uint256(base) + 2 + buf * 48 + blk), c.word);
        vm.store(address(book), bytes32(uint256(base) + 2 + (1 - buf) * 48 + blk), ~c.word);
        fresh = found && c.interval <= (buf == 0 ? b0.vu : b1.vu);
        unit = int256(uint256(buf == 0 ? b0.unit : b1.unit));
    }

    function test_thresholdsFor_StaticAndUnknownProfiles() public view {
        (int256 lo, int256 hi, bool ok) = book.thresholdsFor(0, _now(), 1, 2);
        assertFalse(ok);
        assertEq(lo | hi, 0);
        (,, ok) = book.thresholdsFor(99, _now(), 1, 2);
        assertFalse(ok);
    }

    function test_thresholdsFor_BandEdgesAndFullBattery() public {
        uint32 n = _now();
        _publish(n, n + 10, UNIT, 0);
        uint256 blk = StrategyTable.blockOf(n, SECONDS);
        uint64 cap = 2_000_000;
        uint64[6] memory socs = [uint64(0), cap / 8 - 1, cap / 8, cap - 1, cap, cap + 5];
        uint256[6] memory bands = [uint256(0), 0, 1, 7, 7, 7];
        for (uint256 i; i < socs.length; i++) {
            (int256 lo,, bool ok) = book.thresholdsFor(pid, n, socs[i], cap);
            assertTrue(ok);
            assertEq(lo, int256(blk * 10 + bands[i]) * int256(uint256(UNIT)), "band");
        }
    }

    function test_thresholdsFor_NegativeAndInt16Extremes() public {
        bytes32[48] memory t;
        int16 mn = type(int16).min;
        int16 mx = type(int16).max;
        for (uint256 k; k < 48; k++) {
            t[k] = StrategyTable.packBand(0, mn, mn) | StrategyTable.packBand(1, mn, mx)
                | StrategyTable.packBand(2, -1000, -1) | StrategyTable.packBand(7, mx, mx);
        }
        uint64 unit = type(uint64).max;
        vm.prank(strategist);
        book.publishTable(pid, _now(), _now() + 1, unit, t);
        uint64 cap = 8;
        int256 u = int256(uint256(unit));
        (int256 lo, int256 hi,) = book.thresholdsFor(pid, _now(), 0, cap);
        assertEq(lo, -32768 * u);
        assertEq(hi, -32768 * u);
        (lo, hi,) = book.thresholdsFor(pid, _now(), 1, cap);
        assertEq(lo, -32768 * u);
        assertEq(hi, 32767 * u);
        (lo, hi,) = book.thresholdsFor(pid, _now(), 2, cap);
        assertEq(lo, -1000 * u);
        assertEq(hi, -1 * u);
        (lo, hi,) = book.thresholdsFor(pid, _now(), 3, cap); // zero lane
        assertEq(lo, 0);
        assertEq(hi, 0);
        (lo, hi,) = book.thresholdsFor(pid, _now(), 8, cap);
        assertEq(lo, 32767 * u);
        assertEq(hi, 32767 * u);
        // Both fit the DispatchState's int128 thresholds.
        assertLt(32768 * u, int256(type(int128).max));
    }

    // ------------------------------------------------------------------ partial updates

    function test_updateBlocks_TouchesOnlyActiveBufferAndWraps() public {
        uint32 n = _now();
        _publish(n, n + 50, UNIT, 0); // buffer 0 active
        _publish(n + 288, n + 600, UNIT, 500); // buffer 1 pending
        bytes32[48] memory pending;
        bytes32[48] memory before;
        for (uint8 k; k < 48; k++) {
            pending[k] = book.tableBlock(pid, 1, k);
            before[k] = book.tableBlock(pid, 0, k);
        }
        bytes32[] memory blocks = new bytes32[](3);
        blocks[0] = StrategyTable.packBand(0, -7, 7);
        blocks[1] = StrategyTable.packBand(1, -8, 8);
        blocks[2] = StrategyTable.packBand(2, -9, 9);
        vm.expectEmit(true, true, false, true, address(book));
        emit IStrategyBook.BlocksUpdated(pid, 0, 46, 3, n + 70, keccak256(abi.encodePacked(blocks)));
        assertEq(_update(46, blocks, n + 70), 0);
        for (uint8 k; k < 48; k++) {
            assertEq(book.tableBlock(pid, 1, k), pending[k], "pending buffer untouched");
            bytes32 expected = k == 46 ? blocks[0] : k == 47 ? blocks[1] : k == 0 ? blocks[2] : before[k];
            assertEq(book.tableBlock(pid, 0, k), expected);
        }
        IStrategyBook.TableBuffer memory m0 = book.tableBuffer(pid, 0);
        assertEq(m0.validUntil, n + 70);
        assertEq(m0.effectiveFrom, n);
        assertEq(m0.unitWei, UNIT);
        assertEq(book.tableBuffer(pid, 1).validUntil, n + 600);
    }

    function test_updateBlocks_RevivesStaleTableAndEmptyUpdateExtendsValidity() public {
        uint32 n = _now();
        _publish(n, n + 2, UNIT, 0);
        vm.warp(uint256(n + 5) * SECONDS);
        (,, bool ok) = _units(n + 5, 0);
        assertFalse(ok);
        _update(0, new bytes32[](0), n + 9);
        (,, ok) = _units(n + 5, 0);
        assertTrue(ok);
        (,, ok) = _units(n + 10, 0);
        assertFalse(ok);
        // Setting validUntil back to effectiveFrom expires the table at once (kill switch).
        _update(0, new bytes32[](0), n);
        (,, ok) = _units(n + 5, 0);
        assertFalse(ok);
    }

    function test_updateBlocks_NextBlockServedImmediately() public {
        uint32 n = _now();
        _publish(n, n + 50, UNIT, 0);
        uint8 blk = uint8(StrategyTable.blockOf(n, SECONDS));
        bytes32[] memory one = new bytes32[](1);
        one[0] = StrategyTable.packBand(4, -123, 456);
        _update(blk, one, n + 50);
        (int256 lo, int256 hi, bool ok) = _units(n, 1_000_000);
        assertTrue(ok);
        assertEq(lo, -123 * int256(uint256(UNIT)));
        assertEq(hi, 456 * int256(uint256(UNIT)));
    }

    function test_RevertWhen_updateBlocks_BadInput() public {
        uint32 n = _now();
        bytes32[] memory one = new bytes32[](1);
        vm.startPrank(strategist);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NoActiveTable.selector, pid));
        book.updateBlocks(pid, 0, one, n);
        book.publishTable(pid, n + 1, n + 5, UNIT, _table(0));
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NoActiveTable.selector, pid)); // only pending
        book.updateBlocks(pid, 0, one, n + 5);
        vm.warp(uint256(n + 1) * SECONDS);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.BlockRangeInvalid.selector, 48, 1));
        book.updateBlocks(pid, 48, one, n + 5);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.BlockRangeInvalid.selector, 0, 49));
        book.updateBlocks(pid, 0, new bytes32[](49), n + 5);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.ValidUntilBeforeEffectiveFrom.selector, n, n + 1));
        book.updateBlocks(pid, 0, one, n);
        one[0] = StrategyTable.packBand(6, 1, -1);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.InvertedThresholds.selector, 47, 6));
        book.updateBlocks(pid, 47, one, n + 5);
        vm.stopPrank();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, pid, stranger));
        book.updateBlocks(pid, 0, new bytes32[](1), n + 5);
    }

    function test_RevertWhen_viewIndexOutOfRange() public {
        vm.expectRevert(IStrategyBook.IndexOutOfRange.selector);
        book.tableBlock(pid, 2, 0);
        vm.expectRevert(IStrategyBook.IndexOutOfRange.selector);
        book.tableBlock(pid, 0, 48);
        vm.expectRevert(IStrategyBook.IndexOutOfRange.selector);
        book.tableBuffer(pid, 2);
    }

    // ------------------------------------------------------------------ full decision path

    /// @dev thresholds from the table -> EnergyMath.quote unchanged == the reference quote with those thresholds.
    function testFuzz_decide_TableThresholdsThenUnchangedQuote(
        bytes32 word,
        uint64 soc,
        int256 price,
        uint64 unit,
        uint32 offset
    ) public {
        unit = uint64(bound(unit, 1, type(uint64).max));
        price = bound(price, -int256(uint256(type(uint96).max)), int256(uint256(type(uint96).max)));
        IVirtualPowerPlant.DispatchState memory s = _state(uint64(bound(soc, 0, 2_000_000)));
        // Make the word valid: order each band.
        bytes32 w;
        for (uint256 b; b < 8; b++) {
            (int16 lo, int16 hi) = RefTable.lane(word, b);
            w |= lo <= hi ? StrategyTable.packBand(b, lo, hi) : StrategyTable.packBand(b, hi, lo);
        }
        bytes32[48] memory t;
        for (uint256 k; k < 48; k++) {
            t[k] = w;
        }
        vm.prank(strategist);
        book.publishTable(pid, _now(), _now() + 1000, unit, t);
        uint64 interval = _now() + uint64(bound(offset, 0, 1000));

        bytes memory got = _call(abi.encodeCall(book.decide, (pid, s, price, interval)));
        (int16 rlo, int16 rhi) = RefTable.lane(w, RefTable.bandOf(s.stateOfChargeWh, s.capacityWh));
        s.chargeBelowPrice = int128(int256(rlo) * int256(uint256(unit)));
        s.dischargeAbovePrice = int128(int256(rhi) * int256(uint256(unit)));
        assertEq(got, _refDecision(s, price));
    }

    function _call(bytes memory data) internal view returns (bytes memory ret) {
        bool ok;
        (ok, ret) = address(book).staticcall(data);
        assertTrue(ok);
    }

    /// @dev The reference quote's outcome, ABI-encoded like `decide` with fromTable = true.
    function _refDecision(IVirtualPowerPlant.DispatchState memory s, int256 price)
        internal
        pure
        returns (bytes memory)
    {
        (IEnergyTrader.Action ra, uint64 re, uint64 rd, int256 rv, uint64 rafter) = RefRule.quote(s, price, SECONDS);
        return abi.encode(ra, re, rd, rv, rafter, true);
    }

    /// @dev The harness's stateful batch (used by the gas benchmark) decides like `decide`.
    function test_dispatchBatch_UsesTableFromBothProfileSources() public {
        uint32 n = _now();
        bytes32[48] memory t;
        for (uint256 k; k < 48; k++) {
            t[k] = StrategyTable.packBand(4, 100, 200); // band 4: charge at <= 100 units
        }
        vm.prank(strategist);
        book.publishTable(pid, n, n + 10, UNIT, t);
        StrategyBookHarness.Battery memory b = StrategyBookHarness.Battery({
            capacityWh: 2_000_000,
            maxChargeW: 1_000_000,
            maxDischargeW: 1_000_000,
            roundTripEfficiencyBps: 9000,
            profileId: pid,
            chargeBelowPrice: -1 ether,
            dischargeAbovePrice: 1000 ether,
            stateOfChargeWh: 1_000_000
        });
        book.setBattery(1, b);
        book.setBattery(2, b);
        book.setBatteryProfile(2, pid);
        uint256[] memory ids = new uint256[](1);
        int256 price = 50 * int256(uint256(UNIT));
        StrategyBookHarness.ProfileSource[3] memory sources = [
            StrategyBookHarness.ProfileSource.None,
            StrategyBookHarness.ProfileSource.PackedState,
            StrategyBookHarness.ProfileSource.BookMapping
        ];
        for (uint256 i; i < 3; i++) {
            ids[0] = i == 2 ? 2 : 1;
            book.setBattery(ids[0], b);
            vm.recordLogs();
            book.dispatchBatch(ids, price, sources[i]);
            Vm.Log[] memory logs = vm.getRecordedLogs();
            (IEnergyTrader.Action a,, bool fromTable) = abi.decode(logs[0].data, (IEnergyTrader.Action, uint64, bool));
            assertEq(uint8(a), uint8(i == 0 ? IEnergyTrader.Action.Idle : IEnergyTrader.Action.Charge));
            assertEq(fromTable, i != 0);
        }
    }
}
