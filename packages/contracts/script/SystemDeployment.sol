// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Vm} from "forge-std/Vm.sol";

import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {EnergyInvestmentFund} from "../src/EnergyInvestmentFund.sol";
import {VirtualPowerPlant} from "../src/VirtualPowerPlant.sol";

/// @title SystemDeployment
/// @notice The system's deployment steps, shared by script/Deploy.s.sol and the tests: the fund first, bound to the
///         VirtualPowerPlant's address predicted from the deployer's nonce, then the VirtualPowerPlant there (it
///         checks the binding and deploys the trader). Two transactions because the fund and the trader together
///         exceed EIP-3860's initcode limit; the fund calls its FundPurchases library, which forge deploys and links (this file imports the
///         concrete contracts so that every script and test using it has the library in its build).
abstract contract SystemDeployment {
    Vm private constant _VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The root did not land at the address the fund was bound to (another transaction used the nonce).
    error UnexpectedRootAddress(address predicted, address deployed);

    /// @param deployer The account whose CREATE nonce deploys both contracts (the broadcaster, or the test).
    function _deploySystem(
        address deployer,
        address owner,
        address priceOracle,
        address gridMarket,
        IEnergyTrader.TradingParams memory params,
        IEnergyInvestmentFund.FundParams memory fundParams
    ) internal returns (IVirtualPowerPlant vpp) {
        address predicted = _VM.computeCreateAddress(deployer, _VM.getNonce(deployer) + 1);
        EnergyInvestmentFund fund = new EnergyInvestmentFund(IVirtualPowerPlant(predicted), fundParams);
        vpp = new VirtualPowerPlant(owner, fund, priceOracle, gridMarket, params);
        if (address(vpp) != predicted) revert UnexpectedRootAddress(predicted, address(vpp));
    }
}
