// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Base} from "../utils/Base.t.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";

/// @notice Gas benchmark. Every measured call runs as its own transaction under `--isolate` (cold storage, as on
///         chain); numbers are `vm.lastCallGas().gasTotalUsed`. With GAS_BENCHMARK=true it writes
///         benchmarks/gas.json and benchmarks/gas.md (see scripts/gas-benchmark.sh); otherwise it only asserts that
///         investor-facing costs are flat in the number of investors.
contract GasBenchmarkTest is Base {
    uint256[3] internal investorCounts = [uint256(1), 100, 1_000];
    uint256[3] internal batchSizes = [uint256(1), 10, 50];

    struct InvestorCosts {
        uint256 invest;
        uint256 transfer;
        uint256 declare;
        uint256 withdraw;
    }

    struct FleetCosts {
        uint256 add;
        uint256 update;
        uint256 decommission;
        uint256 purchase;
        uint256 vendorWithdraw;
    }

    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev `n` investors hold shares and have received one dividend before the measured calls.
    function _investorCosts(uint256 n) internal returns (InvestorCosts memory c) {
        uint256 snap = vm.snapshotState();
        for (uint256 i; i < n; i++) {
            _invest(address(uint160(0x100000 + i)), 1 ether + i);
        }
        _earn(1 ether + 11);
        _declare(5_000);
        _earn(1 ether + 13);

        address holder = address(uint160(0x100000));
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        fund.invest{value: 1 ether}();
        c.invest = _last();

        vm.prank(holder);
        assertTrue(shares.transfer(bob, 0.5 ether));
        c.transfer = _last();

        vm.prank(admin);
        fund.declareDividend(5_000);
        c.declare = _last();

        vm.prank(holder);
        fund.withdrawDividends();
        c.withdraw = _last();
        vm.revertToState(snap);
    }

    function _fleetCosts() internal returns (FleetCosts memory c) {
        uint256 snap = vm.snapshotState();
        for (uint256 i; i < 9; i++) {
            _addBattery(_config(bytes32(i + 1)));
        }
        vm.prank(admin);
        vpp.addBattery(_config(bytes32("tenth")));
        c.add = _last();

        vm.prank(admin);
        vpp.updateBattery(5, _config(bytes32("updated")));
        c.update = _last();

        vm.prank(admin);
        vpp.decommissionBattery(5);
        c.decommission = _last();

        _invest(alice, 10 ether);
        vm.prank(admin);
        fund.purchaseBattery(vendor, 1 ether, _config(bytes32("bought")));
        c.purchase = _last();

        vm.prank(vendor);
        fund.withdrawVendorPayment(payable(vendor));
        c.vendorWithdraw = _last();
        vm.revertToState(snap);
    }

    /// @dev Gas of one dispatch of `size` batteries charging at a negative price (the market pays the fund).
    function _dispatchCost(uint256 size) internal returns (uint256 gasUsed) {
        uint256 snap = vm.snapshotState();
        _invest(alice, 10 ether);
        uint256[] memory ids = new uint256[](size);
        for (uint256 i; i < size; i++) {
            ids[i] = _addBattery(_config(bytes32(i + 1)));
        }
        // warm-up interval so every battery has a non-zero state of charge and dispatch record
        _nextInterval();
        _push(-0.1 ether);
        vm.prank(keeper);
        trader.dispatch(ids);
        _nextInterval();
        _push(-0.1 ether);
        vm.prank(keeper);
        trader.dispatch(ids);
        gasUsed = _last();
        vm.revertToState(snap);
    }

    /// forge-config: default.isolate = true
    function test_GasBenchmark() public {
        InvestorCosts[3] memory inv;
        for (uint256 k; k < 3; k++) {
            inv[k] = _investorCosts(investorCounts[k]);
        }
        FleetCosts memory fleet = _fleetCosts();
        uint256[3] memory dispatchGas;
        for (uint256 k; k < 3; k++) {
            dispatchGas[k] = _dispatchCost(batchSizes[k]);
        }

        // flat in the number of investors (O(1) accumulator): within 5 % from 1 to 1,000 investors
        for (uint256 k = 1; k < 3; k++) {
            assertApproxEqRel(inv[k].invest, inv[0].invest, 0.05e18, "invest");
            assertApproxEqRel(inv[k].transfer, inv[0].transfer, 0.05e18, "transfer");
            assertApproxEqRel(inv[k].declare, inv[0].declare, 0.05e18, "declareDividend");
            assertApproxEqRel(inv[k].withdraw, inv[0].withdraw, 0.05e18, "withdrawDividends");
        }
        // dispatch: a batch never costs more per battery than a lone dispatch
        assertLe(dispatchGas[1] / 10, dispatchGas[0]);
        assertLe(dispatchGas[2] / 50, dispatchGas[0]);

        if (vm.envOr("GAS_BENCHMARK", false)) _write(inv, fleet, dispatchGas);
    }

    function _write(InvestorCosts[3] memory inv, FleetCosts memory fleet, uint256[3] memory dispatchGas) internal {
        string memory root = "gas";
        for (uint256 k; k < 3; k++) {
            string memory key = string.concat("investors_", vm.toString(investorCounts[k]));
            vm.serializeUint(key, "invest", inv[k].invest);
            vm.serializeUint(key, "shareTransfer", inv[k].transfer);
            vm.serializeUint(key, "declareDividend", inv[k].declare);
            string memory obj = vm.serializeUint(key, "withdrawDividends", inv[k].withdraw);
            vm.serializeString(root, key, obj);
        }
        vm.serializeUint("fleet", "addBattery", fleet.add);
        vm.serializeUint("fleet", "updateBattery", fleet.update);
        vm.serializeUint("fleet", "decommissionBattery", fleet.decommission);
        vm.serializeUint("fleet", "purchaseBattery", fleet.purchase);
        string memory fleetObj = vm.serializeUint("fleet", "withdrawVendorPayment", fleet.vendorWithdraw);
        vm.serializeString(root, "fleet", fleetObj);
        for (uint256 k; k < 3; k++) {
            string memory key = string.concat("dispatch_batch_", vm.toString(batchSizes[k]));
            vm.serializeUint(key, "batchSize", batchSizes[k]);
            vm.serializeUint(key, "total", dispatchGas[k]);
            string memory obj = vm.serializeUint(key, "perBattery", dispatchGas[k] / batchSizes[k]);
            vm.serializeString(root, key, obj);
        }
        string memory json = vm.serializeString(root, "method", "vm.lastCallGas().gasTotalUsed, forge test --isolate");
        vm.writeJson(json, "./benchmarks/gas.json");

        string memory md = string.concat(
            "# Gas benchmark\n\n",
            "Generated by `scripts/gas-benchmark.sh` (`forge test --isolate`: every call is its own transaction, ",
            "cold storage as on chain; gas is `vm.lastCallGas().gasTotalUsed`, solc 0.8.37, optimizer 10,000 runs).\n\n",
            "## Investor operations vs number of investors (must be flat)\n\n",
            "| operation | 1 investor | 100 investors | 1,000 investors |\n|---|---:|---:|---:|\n",
            _row("invest", inv[0].invest, inv[1].invest, inv[2].invest),
            _row("share transfer", inv[0].transfer, inv[1].transfer, inv[2].transfer),
            _row("declareDividend", inv[0].declare, inv[1].declare, inv[2].declare),
            _row("withdrawDividends", inv[0].withdraw, inv[1].withdraw, inv[2].withdraw)
        );
        md = string.concat(
            md,
            "\n## Fleet operations\n\n| operation | gas |\n|---|---:|\n",
            "| addBattery | ",
            vm.toString(fleet.add),
            " |\n| updateBattery | ",
            vm.toString(fleet.update),
            " |\n| decommissionBattery (middle of 10) | ",
            vm.toString(fleet.decommission),
            " |\n| purchaseBattery (fund pays vendor, registers battery) | ",
            vm.toString(fleet.purchase),
            " |\n| withdrawVendorPayment | ",
            vm.toString(fleet.vendorWithdraw),
            " |\n"
        );
        md = string.concat(
            md,
            "\n## Dispatch (charge at a negative price, settled with the market)\n\n",
            "| batch size | total gas | gas per battery |\n|---:|---:|---:|\n",
            _drow(batchSizes[0], dispatchGas[0]),
            _drow(batchSizes[1], dispatchGas[1]),
            _drow(batchSizes[2], dispatchGas[2])
        );
        vm.writeFile("./benchmarks/gas.md", md);
    }

    function _row(string memory name, uint256 a, uint256 b, uint256 c) internal pure returns (string memory) {
        return string.concat("| ", name, " | ", vm.toString(a), " | ", vm.toString(b), " | ", vm.toString(c), " |\n");
    }

    function _drow(uint256 size, uint256 total) internal pure returns (string memory) {
        return
            string.concat("| ", vm.toString(size), " | ", vm.toString(total), " | ", vm.toString(total / size), " |\n");
    }
}
// forge-lint: disable-end(unsafe-typecast)
