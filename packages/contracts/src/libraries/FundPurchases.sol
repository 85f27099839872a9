// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IEnergyInvestmentFund} from "../interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "../interfaces/IVirtualPowerPlant.sol";

/// @title FundPurchases
/// @notice The fund's purchase governance: timelocked vendor and purchaser grants, and purchase proposals that can
///         only be executed with exactly the proposed terms once the timelock has passed.
/// @dev An external (linked, DELEGATECALLed) library, the way Aave v3's Pool keeps its logic libraries: it runs in
///      the fund's context (msg.sender is the fund's caller, events come from the fund's address, errors and events
///      are the fund's own, declared in IEnergyInvestmentFund), so the fund's ABI is unchanged. It exists because
///      the fund would otherwise exceed EIP-170's 24,576-byte code limit. It moves no ether: executing a proposal
///      only validates and consumes it; the fund then checks its free cash, credits the vendor and books the battery.
library FundPurchases {
    struct Proposal {
        bytes32 hash;
        uint64 eta;
        uint128 price;
    }

    struct State {
        mapping(address vendor => uint256) vendorBalances;
        uint256 vendorOwed;
        mapping(address vendor => uint256 effectiveAt) vendorAllowedAt;
        mapping(address account => uint256 effectiveAt) purchaserAt;
        mapping(uint256 proposalId => Proposal) proposals;
        uint256 proposalCount;
        uint256 proposedValue; // Σ price of live proposals ≤ maxPurchaseWei
    }

    /// @notice Files a proposal (owner or an effective purchaser, not paused); the value of all live proposals must
    ///         stay ≤ `cap`, so at most `cap` can leave for vendors per `delay`.
    function propose(
        State storage s,
        IVirtualPowerPlant vpp,
        uint256 delay,
        uint256 cap,
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external returns (uint256 proposalId) {
        _checkPurchaser(s, vpp);
        _checkNotPaused(vpp);
        _checkTerms(s, cap, vendor, price, lifeEpochs);
        uint256 outstanding = s.proposedValue + price;
        if (outstanding > cap) revert IEnergyInvestmentFund.PurchaseAboveCap(outstanding, cap);
        s.proposedValue = outstanding;
        proposalId = ++s.proposalCount;
        bytes32 h = _hash(vendor, price, lifeEpochs, config);
        uint64 eta = uint64(block.timestamp + delay);
        s.proposals[proposalId] = Proposal({hash: h, eta: eta, price: uint128(price)});
        emit IEnergyInvestmentFund.PurchaseProposed(proposalId, vendor, msg.sender, price, lifeEpochs, eta, h);
    }

    /// @notice Validates the execution of a proposal with exactly its terms after its eta, and removes it. The
    ///         caller (the fund) then pays for and books the battery.
    function consume(
        State storage s,
        IVirtualPowerPlant vpp,
        uint256 cap,
        uint256 proposalId,
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external {
        _checkPurchaser(s, vpp);
        _checkNotPaused(vpp);
        Proposal memory pr = s.proposals[proposalId];
        if (pr.hash == bytes32(0)) revert IEnergyInvestmentFund.UnknownProposal(proposalId);
        if (pr.hash != _hash(vendor, price, lifeEpochs, config)) {
            revert IEnergyInvestmentFund.ProposalMismatch(proposalId);
        }
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < pr.eta) revert IEnergyInvestmentFund.TimelockNotElapsed(pr.eta);
        _checkTerms(s, cap, vendor, price, lifeEpochs);
        delete s.proposals[proposalId];
        s.proposedValue -= price;
    }

    /// @notice Cancels a live proposal: guardians (admins, and admins removed less than a timelock ago) or a purchaser.
    function cancel(State storage s, IVirtualPowerPlant vpp, uint256 proposalId) external {
        if (!vpp.isGuardian(msg.sender) && !_effective(s.purchaserAt[msg.sender])) {
            revert IEnergyInvestmentFund.NotAdmin(msg.sender);
        }
        Proposal memory pr = s.proposals[proposalId];
        if (pr.hash == bytes32(0)) revert IEnergyInvestmentFund.UnknownProposal(proposalId);
        delete s.proposals[proposalId];
        s.proposedValue -= pr.price;
        emit IEnergyInvestmentFund.PurchaseCanceled(proposalId, msg.sender);
    }

    /// @notice Allowing a vendor (owner only) takes effect after `delay`; revoking (owner or a guardian) is immediate
    ///         and also cancels a pending allowance.
    function setVendorAllowed(State storage s, IVirtualPowerPlant vpp, uint256 delay, address vendor, bool allowed)
        external
    {
        if (vendor == address(0) || vendor == address(this)) revert IEnergyInvestmentFund.ZeroAddress();
        uint256 when = _grant(s.vendorAllowedAt, vpp, delay, vendor, allowed);
        emit IEnergyInvestmentFund.VendorAllowed(vendor, allowed, msg.sender, uint64(when));
    }

    /// @notice Granting purchaser rights (owner only) takes effect after `delay`; revoking (owner or a guardian) is
    ///         immediate.
    function setPurchaser(State storage s, IVirtualPowerPlant vpp, uint256 delay, address account, bool allowed)
        external
    {
        if (account == address(0)) revert IEnergyInvestmentFund.ZeroAddress();
        uint256 when = _grant(s.purchaserAt, vpp, delay, account, allowed);
        emit IEnergyInvestmentFund.PurchaserSet(account, allowed, msg.sender, uint64(when));
    }

    /// @notice Whether a grant recorded as `effectiveAt` is in force now.
    function isEffective(uint256 effectiveAt) internal view returns (bool) {
        return _effective(effectiveAt);
    }

    function _grant(
        mapping(address => uint256) storage m,
        IVirtualPowerPlant vpp,
        uint256 delay,
        address a,
        bool allowed
    ) private returns (uint256 when) {
        if (allowed) {
            if (msg.sender != Ownable(address(vpp)).owner()) revert IEnergyInvestmentFund.NotOwner(msg.sender);
            when = m[a];
            if (when == 0) {
                when = block.timestamp + delay;
                m[a] = when;
            }
        } else {
            if (!vpp.isGuardian(msg.sender)) revert IEnergyInvestmentFund.NotAdmin(msg.sender);
            delete m[a];
        }
    }

    function _checkPurchaser(State storage s, IVirtualPowerPlant vpp) private view {
        if (msg.sender != Ownable(address(vpp)).owner() && !_effective(s.purchaserAt[msg.sender])) {
            revert IEnergyInvestmentFund.NotPurchaser(msg.sender);
        }
    }

    function _checkNotPaused(IVirtualPowerPlant vpp) private view {
        if (vpp.paused()) revert IEnergyInvestmentFund.SystemIsPaused();
    }

    function _checkTerms(State storage s, uint256 cap, address vendor, uint256 price, uint32 lifeEpochs) private view {
        if (!_effective(s.vendorAllowedAt[vendor])) revert IEnergyInvestmentFund.VendorNotAllowed(vendor);
        if (price == 0) revert IEnergyInvestmentFund.ZeroAmount();
        if (price > cap) revert IEnergyInvestmentFund.PurchaseAboveCap(price, cap);
        if (lifeEpochs == 0) revert IEnergyInvestmentFund.InvalidLife();
    }

    /// @dev What a proposal commits to: executing it needs exactly these terms.
    function _hash(address vendor, uint256 price, uint32 lifeEpochs, IVirtualPowerPlant.BatteryConfig calldata config)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(vendor, price, lifeEpochs, config));
    }

    function _effective(uint256 when) private view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return when != 0 && block.timestamp >= when;
    }
}
