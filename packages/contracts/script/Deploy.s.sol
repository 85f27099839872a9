// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Script, console2} from "forge-std/Script.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {EnergyPriceOracle} from "../src/EnergyPriceOracle.sol";
import {GridMarket} from "../src/GridMarket.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {SystemDeployment} from "./SystemDeployment.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";

/// @title DeployScript
/// @notice Deploys the price oracle, the grid market, the fund's FundPurchases library (forge links it), the fund and
///         the VPP (which binds the fund and deploys the trader), wires them when the deployer is the owner, and
///         writes the addresses to a deployments JSON file. Run it with `--private-key` (or `--sender`) naming the
///         same account as PRIVATE_KEY, so that forge deploys and links the library from the broadcasting account.
/// @dev Environment: PRIVATE_KEY (default anvil account 0), OWNER (default deployer), INTERVAL_SECONDS (300),
///      MAX_PRICE_AGE (600), MIN_VALID_PRICE (-1e24), MAX_VALID_PRICE (1e25), MAX_BATCH_SIZE (50),
///      MARKET_FUNDING_WEI (0), EPOCH_SECONDS (86400), TIMELOCK_SECONDS (172800; local deploys may use a few
///      seconds), MAX_PURCHASE_WEI (1000 ether), DEPLOYMENTS_PATH ("deployments/<chainId>.json").
contract DeployScript is Script, SystemDeployment {
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    /// @notice The deployed addresses.
    struct Deployment {
        address virtualPowerPlant;
        address energyInvestmentFund;
        address energyTrader;
        address energyPriceOracle;
        address gridMarket;
    }

    /// @notice Runs the deployment.
    /// @return d The deployed addresses.
    function run() external returns (Deployment memory d) {
        uint256 startBlock = block.number;
        uint256 key = vm.envOr("PRIVATE_KEY", ANVIL_KEY_0);
        address deployer = vm.addr(key);
        address owner = vm.envOr("OWNER", deployer);
        IEnergyTrader.TradingParams memory params = IEnergyTrader.TradingParams({
            intervalSeconds: SafeCast.toUint32(vm.envOr("INTERVAL_SECONDS", uint256(300))),
            maxPriceAge: SafeCast.toUint32(vm.envOr("MAX_PRICE_AGE", uint256(600))),
            minValidPrice: SafeCast.toInt128(vm.envOr("MIN_VALID_PRICE", int256(-1e24))),
            maxValidPrice: SafeCast.toInt128(vm.envOr("MAX_VALID_PRICE", int256(1e25))),
            maxBatchSize: SafeCast.toUint16(vm.envOr("MAX_BATCH_SIZE", uint256(50)))
        });
        uint256 marketFunding = vm.envOr("MARKET_FUNDING_WEI", uint256(0));
        string memory path =
            vm.envOr("DEPLOYMENTS_PATH", string.concat("deployments/", vm.toString(block.chainid), ".json"));

        vm.startBroadcast(key);
        EnergyPriceOracle oracle = new EnergyPriceOracle(owner, "ETH / MWh");
        GridMarket market = new GridMarket(owner);
        IVirtualPowerPlant vpp = _deploySystem(deployer, owner, address(oracle), address(market), params, _fundParams());
        if (deployer == owner) {
            oracle.setReporter(deployer, true);
            market.setFundAuthorized(address(vpp.fund()), true);
            if (marketFunding > 0) market.deposit{value: marketFunding}();
        }
        vm.stopBroadcast();

        d = Deployment({
            virtualPowerPlant: address(vpp),
            energyInvestmentFund: address(vpp.fund()),
            energyTrader: address(vpp.trader()),
            energyPriceOracle: address(oracle),
            gridMarket: address(market)
        });
        _write(path, startBlock, deployer, owner, d);
    }

    function _fundParams() internal view returns (IEnergyInvestmentFund.FundParams memory) {
        return IEnergyInvestmentFund.FundParams({
            epochDuration: SafeCast.toUint64(vm.envOr("EPOCH_SECONDS", uint256(1 days))),
            timelockDelay: SafeCast.toUint64(vm.envOr("TIMELOCK_SECONDS", uint256(2 days))),
            maxPurchaseWei: SafeCast.toUint128(vm.envOr("MAX_PURCHASE_WEI", uint256(1_000 ether)))
        });
    }

    function _write(string memory path, uint256 startBlock, address deployer, address owner, Deployment memory d)
        internal
    {
        string memory c = "contracts";
        vm.serializeAddress(c, "virtualPowerPlant", d.virtualPowerPlant);
        vm.serializeAddress(c, "energyInvestmentFund", d.energyInvestmentFund);
        vm.serializeAddress(c, "energyTrader", d.energyTrader);
        vm.serializeAddress(c, "energyPriceOracle", d.energyPriceOracle);
        string memory contractsJson = vm.serializeAddress(c, "gridMarket", d.gridMarket);

        string memory root = "deployment";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeUint(root, "startBlock", startBlock);
        vm.serializeAddress(root, "deployer", deployer);
        vm.serializeAddress(root, "owner", owner);
        string memory json = vm.serializeString(root, "contracts", contractsJson);
        _createParentDir(path);
        vm.writeJson(json, path);
        console2.log("Deployments written to", path);
    }

    /// @dev Creates the directory part of `path` (if any) so that writeJson succeeds on a fresh clone.
    function _createParentDir(string memory path) internal {
        bytes memory b = bytes(path);
        uint256 slash = b.length;
        for (uint256 i = b.length; i > 0; --i) {
            if (b[i - 1] == "/") {
                slash = i - 1;
                break;
            }
        }
        if (slash == b.length || slash == 0) return;
        bytes memory dir = new bytes(slash);
        for (uint256 i; i < slash; ++i) {
            dir[i] = b[i];
        }
        vm.createDir(string(dir), true);
    }
}
