// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IGridMarket} from "./interfaces/IGridMarket.sol";

/// @title GridMarket
/// @notice Reference settlement counterparty for local and test networks: pays authorized funds for discharged
///         energy and takes their payments for charging energy. The operator funds it with ether.
contract GridMarket is IGridMarket, Ownable2Step, ReentrancyGuardTransient {
    mapping(address fund => bool) private _authorized;

    /// @notice Creates the market.
    /// @param initialOwner The operator.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Plain ether transfers are deposits.
    receive() external payable {
        _deposit();
    }

    /// @notice Adds operator liquidity (anyone).
    function deposit() external payable {
        _deposit();
    }

    /// @notice Withdraws liquidity (owner).
    /// @param to The recipient.
    /// @param amount The amount, wei.
    function withdraw(address payable to, uint256 amount) external onlyOwner nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 available = address(this).balance;
        if (amount > available) revert InsufficientMarketBalance(amount, available);
        emit MarketWithdrawn(to, amount, msg.sender);
        _sendValue(to, amount);
    }

    /// @notice Authorizes or revokes a fund (owner).
    /// @param fund The fund.
    /// @param authorized Whether it may settle with the market.
    function setFundAuthorized(address fund, bool authorized) external onlyOwner {
        if (fund == address(0)) revert ZeroAddress();
        _authorized[fund] = authorized;
        emit FundAuthorized(fund, authorized, msg.sender);
    }

    /// @notice Whether `fund` may settle with the market.
    /// @param fund The fund.
    /// @return True if authorized.
    function isAuthorizedFund(address fund) external view returns (bool) {
        return _authorized[fund];
    }

    /// @notice Pays `amount` to the calling fund (authorized funds).
    /// @param amount The amount, wei.
    function payFund(uint256 amount) external nonReentrant {
        _checkFund();
        if (amount == 0) revert ZeroAmount();
        uint256 available = address(this).balance;
        if (amount > available) revert InsufficientMarketBalance(amount, available);
        emit PaidFund(msg.sender, amount);
        _sendValue(payable(msg.sender), amount);
    }

    /// @notice Takes a payment from the calling fund (authorized funds).
    function receivePayment() external payable {
        _checkFund();
        if (msg.value == 0) revert ZeroAmount();
        emit ReceivedFromFund(msg.sender, msg.value);
    }

    function _deposit() internal {
        if (msg.value == 0) revert ZeroAmount();
        emit MarketFunded(msg.sender, msg.value);
    }

    function _checkFund() internal view {
        if (!_authorized[msg.sender]) revert NotAuthorizedFund(msg.sender);
    }

    function _sendValue(address payable to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert EtherTransferFailed(to, amount);
    }
}
