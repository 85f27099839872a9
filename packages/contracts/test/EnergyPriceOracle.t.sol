// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IEnergyPriceOracle} from "../src/interfaces/IEnergyPriceOracle.sol";

contract EnergyPriceOracleTest is Base {
    function test_Metadata() public view {
        assertEq(oracle.decimals(), 18);
        assertEq(oracle.description(), "VIC1 wholesale price, wei/MWh");
        oracle.version();
        assertEq(oracle.latestRound(), 0);
        assertTrue(oracle.isReporter(reporter));
        assertFalse(oracle.isReporter(stranger));
    }

    function test_SubmitPrice_StoresRound() public {
        uint80 r1 = _push(0.05 ether);
        assertEq(r1, 1);
        vm.warp(block.timestamp + 300);
        uint80 r2 = _push(-0.2 ether);
        assertEq(r2, 2);
        assertEq(oracle.latestRound(), 2);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            oracle.latestRoundData();
        assertEq(roundId, 2);
        assertEq(answer, -0.2 ether);
        assertEq(startedAt, block.timestamp);
        assertEq(updatedAt, block.timestamp);
        assertEq(answeredInRound, 2);

        (roundId, answer,, updatedAt,) = oracle.getRoundData(1);
        assertEq(roundId, 1);
        assertEq(answer, 0.05 ether);
        assertEq(updatedAt, block.timestamp - 300);
    }

    function testFuzz_SubmitPrice_AnySignedPrice(int256 price) public {
        price = bound(price, type(int192).min, type(int192).max);
        _push(price);
        (, int256 answer,,,) = oracle.latestRoundData();
        assertEq(answer, price);
    }

    /// @notice Answers are stored as int192 (one slot per round, as Chainlink's OCR aggregators do): a price
    ///         outside that range is refused, never truncated.
    function testFuzz_RevertWhen_SubmitPriceOutOfRange(int256 price) public {
        vm.assume(price > type(int192).max || price < type(int192).min);
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.PriceOutOfRange.selector, price));
        oracle.submitPrice(price);
    }

    function test_SubmitPrice_EmitsAnswerUpdated() public {
        vm.expectEmit(true, true, false, true, address(oracle));
        emit IEnergyPriceOracle.AnswerUpdated(-0.2 ether, 1, block.timestamp);
        _push(-0.2 ether);
    }

    function test_SubmitPrice_EmitsNewRound() public {
        vm.expectEmit(true, true, false, true, address(oracle));
        emit IEnergyPriceOracle.NewRound(1, reporter, block.timestamp);
        _push(1 ether);
    }

    function test_SetReporter_AddsAndRemoves() public {
        vm.expectEmit(true, true, true, true, address(oracle));
        emit IEnergyPriceOracle.ReporterUpdated(stranger, true, owner);
        vm.prank(owner);
        oracle.setReporter(stranger, true);
        assertTrue(oracle.isReporter(stranger));

        vm.prank(stranger);
        oracle.submitPrice(1);

        vm.expectEmit(true, true, true, true, address(oracle));
        emit IEnergyPriceOracle.ReporterUpdated(stranger, false, owner);
        vm.prank(owner);
        oracle.setReporter(stranger, false);
        assertFalse(oracle.isReporter(stranger));

        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.NotReporter.selector, stranger));
        vm.prank(stranger);
        oracle.submitPrice(1);
    }

    function test_RevertWhen_SubmitPriceByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.NotReporter.selector, stranger));
        vm.prank(stranger);
        oracle.submitPrice(1);
    }

    function test_RevertWhen_SubmitPriceByOwnerWhoIsNotReporter() public {
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.NotReporter.selector, owner));
        vm.prank(owner);
        oracle.submitPrice(1);
    }

    function test_RevertWhen_SetReporterZeroAddress() public {
        vm.expectRevert(IEnergyPriceOracle.ZeroAddress.selector);
        vm.prank(owner);
        oracle.setReporter(address(0), true);
    }

    function test_RevertWhen_SetReporterByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IOwnableLike.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        oracle.setReporter(stranger, true);
    }

    function test_RevertWhen_GetRoundDataUnknownRound() public {
        _push(1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.RoundNotFound.selector, uint80(2)));
        oracle.getRoundData(2);
        vm.expectRevert(abi.encodeWithSelector(IEnergyPriceOracle.RoundNotFound.selector, uint80(0)));
        oracle.getRoundData(0);
    }
}
// forge-lint: disable-end(unsafe-typecast)
