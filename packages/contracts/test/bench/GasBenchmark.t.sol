// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;
// forge-lint: disable-start(unsafe-typecast)
import {Base} from "../utils/Base.t.sol";
import {console2} from "forge-std/console2.sol";

/// @notice Gas benchmark, run by scripts/gas-benchmark.sh with --isolate (every call its own transaction, cold
///         storage as on chain). Writes benchmarks/gas.json and benchmarks/gas.md when GAS_BENCHMARK=true. Numbers
///         are recorded, not asserted: targets are checked by reading the table, not by a timed test.
contract GasBenchmarkTest is Base {
    uint256 internal constant ADD_BATTERY_TARGET = 150_000;
    uint256 internal constant DISPATCH_TARGET = 40_000;
    uint256 internal constant REQUEST_DEPOSIT_TARGET = 80_000;
    uint256 internal constant DIVIDEND_CLAIM_TARGET = 45_000;

    string internal _json;
    string internal _md;
    uint256 internal _holders;

    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function _row(string memory op, uint256 gas, uint256 target) internal {
        string memory t = target == 0
            ? "flat"
            : string.concat(
                unicode"≤ ", vm.toString(target / 1000), "k ", gas <= target ? unicode"✓" : unicode"✗"
            );
        _md = string.concat(_md, "| ", op, " | ", vm.toString(gas), " | ", t, " |\n");
        console2.log(op, gas);
    }

    function test_bench_fleetAndDispatch() public {
        for (uint256 i; i < 49; i++) {
            _addBattery(_config(bytes32(i + 1)));
        }
        vm.prank(admin);
        vpp.addBattery(_config(bytes32("fiftieth")));
        uint256 add = _last();
        _invest(alice, 100 ether);
        _nextInterval();
        _push(-0.01 ether);
        (, bytes memory data) = trader.checkUpkeep("");
        trader.performUpkeep(data);
        uint256 first = _last();
        _nextInterval();
        _push(-0.01 ether);
        (, data) = trader.checkUpkeep("");
        trader.performUpkeep(data);
        uint256 steady = _last();
        _md = string.concat("| operation | gas | target |\n|---|---:|---:|\n");
        _row("addBattery", add, ADD_BATTERY_TARGET);
        _row("performUpkeep, 50 batteries, first dispatch, per battery", first / 50, DISPATCH_TARGET);
        _row("performUpkeep, 50 batteries, steady state, per battery", steady / 50, DISPATCH_TARGET);
        if (vm.envOr("GAS_BENCHMARK", false)) {
            string memory j = "fleet";
            vm.serializeUint(j, "addBattery", add);
            vm.serializeUint(j, "performUpkeep50FirstPerBattery", first / 50);
            j = vm.serializeUint(j, "performUpkeep50SteadyPerBattery", steady / 50);
            vm.writeJson(j, "benchmarks/gas-fleet.json");
            vm.writeFile("benchmarks/gas-fleet.md", _md);
        }
    }

    /// @dev Investor operations by a fresh account once the fund has `n` holders (others hold shares and unclaimed
    ///      dividends; one distribution ran before the measured claims).
    function _investorOps(uint256 n) internal returns (uint256[9] memory g) {
        // grow the holder base to n: holders get shares by transfer from alice
        if (_holders == 0) {
            // same history at every size: a distribution already ran before the first measurement
            _invest(alice, 1_000 ether);
            _earn(1 ether);
            _declare(5_000);
            vm.prank(alice); // alice's dividend account exists at every size (the transfer's recipient)
            assertTrue(shares.transfer(bob, 1));
            _settle(); // first dust sweep (a fresh _totalSwept slot) happens here, not in a measured settlement
            _holders = 1;
        }
        for (uint256 i = _holders; i < n; i++) {
            vm.prank(alice);
            assertTrue(shares.transfer(address(uint160(0x100000 + i)), 1 ether));
        }
        _holders = n;
        // no zero byte in any measured address: calldata costs the same at every size
        address m = address(uint160(0xB0b0b0b0b0b0B0b0b0b0b0B0B0b0B0b0b0B01111) + uint160(n));
        vm.deal(m, 10 ether);
        vm.prank(m);
        fund.requestDeposit{value: 1 ether}(1 ether, m, m);
        g[0] = _last(); // first request
        vm.prank(m);
        fund.requestDeposit{value: 1 ether}(1 ether, m, m);
        g[1] = _last(); // repeat request, same epoch
        _settle();
        g[2] = _last(); // settleEpoch (deposits only)
        uint256 c = fund.maxMint(m);
        vm.prank(m);
        fund.mint(c, m, m);
        g[3] = _last(); // deposit claim
        _earn(1 ether);
        _declare(5_000);
        vm.prank(m);
        fund.withdrawDividends();
        _earn(1 ether);
        _declare(5_000);
        vm.prank(m);
        fund.withdrawDividends();
        g[4] = _last(); // repeat dividend claim
        vm.prank(m);
        assertTrue(shares.transfer(alice, 0.1 ether));
        g[5] = _last(); // share transfer to an existing holder
        vm.prank(m);
        fund.requestRedeem(0.5 ether, m, m);
        g[6] = _last();
        _settle();
        g[7] = _last(); // settleEpoch (redemptions)
        uint256 r = fund.maxRedeem(m);
        vm.prank(m);
        fund.redeem(r, payable(m), m);
        g[8] = _last(); // redeem claim
    }

    function test_bench_investorOperationsFlat() public {
        string[9] memory names = [
            "requestDeposit (first)",
            "requestDeposit (repeat, same epoch)",
            "settleEpoch (deposits)",
            "deposit claim (mint)",
            "withdrawDividends (repeat claim)",
            "share transfer",
            "requestRedeem",
            "settleEpoch (redemptions)",
            "redeem claim"
        ];
        uint256[3] memory sizes = [uint256(1), 100, 1_000];
        uint256[9][3] memory res;
        for (uint256 k; k < 3; k++) {
            res[k] = _investorOps(sizes[k]);
        }
        _md = "| operation | 1 holder | 100 holders | 1,000 holders | target |\n|---|---:|---:|---:|---:|\n";
        string memory j = "investors";
        for (uint256 i; i < 9; i++) {
            uint256 target = i == 0 || i == 1 ? REQUEST_DEPOSIT_TARGET : i == 4 ? DIVIDEND_CLAIM_TARGET : 0;
            bool flat = res[0][i] == res[1][i] && res[1][i] == res[2][i];
            string memory t = target == 0
                ? (flat ? unicode"flat ✓" : unicode"flat ✗")
                : string.concat(
                    unicode"≤ ",
                    vm.toString(target / 1000),
                    "k ",
                    res[2][i] <= target ? unicode"✓" : unicode"✗",
                    flat ? ", flat" : ", not flat"
                );
            _md = string.concat(
                _md,
                "| ",
                names[i],
                " | ",
                vm.toString(res[0][i]),
                " | ",
                vm.toString(res[1][i]),
                " | ",
                vm.toString(res[2][i]),
                " | ",
                t,
                " |\n"
            );
            console2.log(names[i], res[0][i], res[1][i], res[2][i]);
            uint256[] memory row = new uint256[](3);
            row[0] = res[0][i];
            row[1] = res[1][i];
            row[2] = res[2][i];
            j = vm.serializeUint("investors", names[i], row);
        }
        if (vm.envOr("GAS_BENCHMARK", false)) {
            vm.writeJson(j, "benchmarks/gas-investors.json");
            vm.writeFile("benchmarks/gas-investors.md", _md);
        }
    }
}
