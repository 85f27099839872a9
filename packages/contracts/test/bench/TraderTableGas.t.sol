// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Bench values are cast from small loop counters on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {TableBase} from "../EnergyTraderTable.t.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";

/// @notice Gas of the merged trader + strategy book, on the whole system. Run with
///         `GAS_BENCHMARK=true forge test --isolate --match-path test/bench/TraderTableGas.t.sol -vv`: every call is its
///         own transaction (cold storage) and numbers are `vm.lastCallGas().gasTotalUsed` (21,000 intrinsic and
///         calldata included). Writes benchmarks/trader-table-gas.{md,json}. Without GAS_BENCHMARK the scenarios
///         only run (and check that they act as described).
contract TraderTableGasTest is TableBase {
    uint256 internal constant FLEET = 50;
    string internal constant MD = "./benchmarks/trader-table-gas.md";
    string internal constant JSON = "./benchmarks/trader-table-gas.json";

    uint256[] internal ids;

    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 g) {
        for (uint256 i; i < data.length; i++) {
            g += data[i] == 0 ? 4 : 16;
        }
    }

    function _fleet(uint256 n) internal returns (uint256 addGas) {
        for (uint256 i; i < n; i++) {
            vm.prank(admin);
            ids.push(vpp.addBattery(_config(bytes32(i + 1))));
            addGas = _last();
        }
    }

    /// @dev One performUpkeep of the whole fleet at a charging price; gas per battery.
    function _upkeep() internal returns (uint256) {
        _nextInterval();
        _push(-0.01 ether);
        (bool needed, bytes memory data) = trader.checkUpkeep("");
        assertTrue(needed);
        vm.prank(keeper);
        trader.performUpkeep(data);
        uint256 g = _last();
        (needed,) = trader.checkUpkeep("");
        assertFalse(needed, "whole fleet in one upkeep");
        return g / FLEET;
    }

    struct Dispatch {
        uint256 staticFirst;
        uint256 staticSteady;
        uint256 tableFirst;
        uint256 tableSteady;
        uint256 ownProfileSteady;
        uint256 add;
        uint256 publish;
        uint256 publishCd;
        uint256 upd;
        uint256 updCd;
        uint256 upd2;
    }

    function test_bench_traderTable() public {
        _invest(alice, 100 ether);
        Dispatch memory d;
        d.add = _fleet(FLEET);
        d.staticFirst = _upkeep();
        d.staticSteady = _upkeep();
        uint256 staticSoc = _soc(ids[0]);

        // the same fleet size, every battery on one shared profile with a fresh table that also charges at the price
        uint32 pid = _profile(162, 9_000);
        uint256 firstTable = ids.length;
        for (uint256 i; i < FLEET; i++) {
            vm.prank(admin);
            uint256 b = vpp.addBattery(_config(bytes32(1000 + i)));
            _assign(b, pid);
        }
        for (uint256 i; i < FLEET; i++) {
            IVirtualPowerPlant.BatteryConfig memory off = _config(bytes32(i + 1));
            off.active = false;
            vm.prank(admin);
            vpp.updateBattery(ids[i], off);
        }
        uint64 n = trader.currentInterval();
        _publish(pid, n, n + 10_000, _table(0, 1_000));
        d.tableFirst = _upkeep();
        d.tableSteady = _upkeep();
        assertEq(_soc(firstTable + 1), 2 * 374, "table batteries charged");
        assertEq(staticSoc, 2 * 374);

        // every battery its own profile (worst case: header and block word cold for each)
        for (uint256 i; i < FLEET; i++) {
            uint32 own = _profile(162, 9_000);
            _assign(firstTable + 1 + i, own);
            _publish(own, trader.currentInterval(), trader.currentInterval() + 10_000, _table(0, 1_000));
        }
        d.ownProfileSteady = _upkeep();

        // writes on the trader: a full overwrite of the buffer that is not active, one-block updates
        _nextInterval();
        n = trader.currentInterval();
        _publish(pid, n + 1, n + 10_000, _table(-1, 999)); // second buffer, fresh slots
        _nextInterval();
        _nextInterval(); // buffer 1 active: the next publication overwrites buffer 0
        n = trader.currentInterval();
        bytes32[48] memory t = _table(-2, 998);
        vm.prank(strategist);
        book.publishTable(pid, uint32(n + 1), uint32(n + 10_000), UNIT, t);
        d.publish = _last();
        d.publishCd = _calldataGas(abi.encodeCall(book.publishTable, (pid, uint32(n + 1), uint32(n + 10_000), UNIT, t)));
        _nextInterval(); // buffer 0 active
        bytes32[] memory one = new bytes32[](1);
        one[0] = _word(-3, 997);
        vm.prank(strategist);
        book.updateBlocks(pid, 5, one, uint32(n + 20_000));
        d.upd = _last();
        d.updCd = _calldataGas(abi.encodeCall(book.updateBlocks, (pid, 5, one, uint32(n + 20_000))));
        one[0] = _word(-4, 996);
        vm.prank(strategist);
        book.updateBlocks(pid, 6, one, uint32(n + 20_000));
        d.upd2 = _last();

        if (vm.envOr("GAS_BENCHMARK", false)) _write(d);
    }

    function _write(Dispatch memory d) internal {
        string memory md = string.concat(
            "# Trader + strategy book gas (merged tree)\n\n",
            "Generated by `GAS_BENCHMARK=true forge test --isolate --match-path test/bench/TraderTableGas.t.sol -vv` ",
            "(every call its own transaction, cold storage; `gasTotalUsed` includes 21,000 intrinsic and calldata; ",
            "Cancun, solc 0.8.37, 200 optimizer runs). performUpkeep rows: one upkeep of 50 batteries at a charging ",
            "price, divided by 50.\n\n| operation | gas | target |\n|---|---:|---:|\n"
        );
        md = string.concat(
            md, _row("addBattery (50th; incl. pre-initialising the trader state slot)", d.add, "<= 150,000")
        );
        md = string.concat(
            md, _row("performUpkeep x50, first dispatch, static thresholds, per battery", d.staticFirst, "<= 40,000")
        );
        md = string.concat(
            md, _row("performUpkeep x50, steady, static thresholds, per battery", d.staticSteady, "<= 40,000")
        );
        md = string.concat(
            md, _row("performUpkeep x50, first dispatch, shared table profile, per battery", d.tableFirst, "<= 40,000")
        );
        md = string.concat(
            md, _row("performUpkeep x50, steady, shared table profile, per battery", d.tableSteady, "<= 40,000")
        );
        md = string.concat(
            md, _row("performUpkeep x50, steady, each battery its own profile, per battery", d.ownProfileSteady, "-")
        );
        md = string.concat(md, _row("publishTable overwriting a buffer (48 slots), whole tx", d.publish, "<= 400,000"));
        md = string.concat(md, _row("updateBlocks 1 block + validUntil moved, whole tx", d.upd, "-"));
        md = string.concat(
            md,
            _row(
                "updateBlocks 1 block + validUntil moved, execution (tx - 21,000 - calldata)",
                d.upd - 21_000 - d.updCd,
                "<= 30,000"
            )
        );
        md = string.concat(md, _row("updateBlocks 1 block, validUntil unchanged, whole tx", d.upd2, "-"));
        md = string.concat(
            md,
            "\nTable lookup overhead per battery (shared profile, steady): ",
            vm.toString(d.tableSteady - d.staticSteady)
        );
        md = string.concat(
            md,
            " gas (a cold storage read is 2,100); with every battery on its own profile: ",
            vm.toString(d.ownProfileSteady - d.staticSteady),
            ".\n\n"
        );
        md = string.concat(
            md,
            "A one-block update cannot cost <= 30,000 as a whole transaction with any design that checks the ",
            "sender: 21,000 intrinsic + ~1,000 calldata + 5,000 to overwrite a cold slot + 2,100 to read the strategist ",
            "+ >= 750 for the log already exceed it; its execution is what is held to 30k.\n"
        );
        vm.writeFile(MD, md);
        string memory j = "bench";
        vm.serializeUint(j, "addBattery", d.add);
        vm.serializeUint(j, "performUpkeep50StaticFirstPerBattery", d.staticFirst);
        vm.serializeUint(j, "performUpkeep50StaticSteadyPerBattery", d.staticSteady);
        vm.serializeUint(j, "performUpkeep50TableFirstPerBattery", d.tableFirst);
        vm.serializeUint(j, "performUpkeep50TableSteadyPerBattery", d.tableSteady);
        vm.serializeUint(j, "performUpkeep50OwnProfileSteadyPerBattery", d.ownProfileSteady);
        vm.serializeUint(j, "publishTableOverwrite", d.publish);
        vm.serializeUint(j, "publishTableOverwriteCalldata", d.publishCd);
        vm.serializeUint(j, "updateBlocks1", d.upd);
        vm.serializeUint(j, "updateBlocks1Execution", d.upd - 21_000 - d.updCd);
        vm.writeJson(vm.serializeUint(j, "updateBlocks1SameValidUntil", d.upd2), JSON);
    }

    function _row(string memory name, uint256 gas_, string memory target) internal pure returns (string memory) {
        return string.concat("| ", name, " | ", vm.toString(gas_), " | ", target, " |\n");
    }
}
// forge-lint: disable-end(unsafe-typecast)
