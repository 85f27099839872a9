// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;
// forge-lint: disable-start(unsafe-typecast)
import {Base} from "../utils/Base.t.sol";
import {console2} from "forge-std/console2.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";

/// @notice Gas benchmark (run with --isolate via scripts/gas-benchmark.sh; numbers printed, not asserted as timing).
contract GasBenchmarkTest is Base {
    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function test_bench_issue7Targets() public {
        for (uint256 i; i < 49; i++) {
            _addBattery(_config(bytes32(i + 1)));
        }
        vm.prank(admin);
        vpp.addBattery(_config(bytes32("fiftieth")));
        uint256 add = _last();
        _invest(alice, 100 ether);
        _invest(bob, 1 ether);
        _nextInterval();
        _push(-0.01 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        trader.performUpkeep(data);
        uint256 dispatch50 = _last();
        _nextInterval();
        _push(-0.01 ether);
        (, data) = trader.checkUpkeep("");
        trader.performUpkeep(data);
        uint256 dispatch50b = _last();
        console2.log("performUpkeep 50 steady state total", dispatch50b, "per battery", dispatch50b / 50);
        vm.deal(carol, 2 ether);
        vm.prank(carol);
        fund.requestDeposit{value: 1 ether}(1 ether, carol, carol);
        vm.prank(carol);
        fund.requestDeposit{value: 1 ether}(1 ether, carol, carol);
        uint256 req = _last();
        _earn(1 ether);
        _declare(5_000);
        vm.prank(bob);
        fund.withdrawDividends();
        _earn(1 ether);
        _declare(5_000);
        vm.prank(bob);
        fund.withdrawDividends();
        uint256 claim = _last();
        console2.log("addBattery", add);
        console2.log("performUpkeep 50 total", dispatch50, "per battery", dispatch50 / 50);
        console2.log("requestDeposit (repeat)", req);
        console2.log("withdrawDividends (repeat)", claim);
    }
}
