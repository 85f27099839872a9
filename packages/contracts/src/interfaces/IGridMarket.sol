// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/// @title IGridMarket
/// @notice Reference settlement counterparty for local and test networks: the market buys discharged energy and
///         sells charging energy at the oracle price. Its operator funds it with ether.
interface IGridMarket {
    event MarketFunded(address indexed from, uint256 amount);
    event MarketWithdrawn(address indexed to, uint256 amount, address indexed by);
    event FundAuthorized(address indexed fund, bool indexed authorized, address indexed by);
    /// @notice The market paid `amount` to `fund` (energy sold to the grid).
    event PaidFund(address indexed fund, uint256 amount);
    /// @notice The market received `amount` from `fund` (energy bought from the grid).
    event ReceivedFromFund(address indexed fund, uint256 amount);

    error NotAuthorizedFund(address account);
    error ZeroAmount();
    error ZeroAddress();
    error InsufficientMarketBalance(uint256 requested, uint256 available);
    error EtherTransferFailed(address to, uint256 amount);

    /// @notice Adds operator liquidity.
    function deposit() external payable;
    /// @notice Owner only.
    function withdraw(address payable to, uint256 amount) external;
    /// @notice Owner only.
    function setFundAuthorized(address fund, bool authorized) external;
    function isAuthorizedFund(address fund) external view returns (bool);
    /// @notice Pays `amount` to the calling fund (authorized funds only).
    function payFund(uint256 amount) external;
    /// @notice Takes a payment from the calling fund (authorized funds only).
    function receivePayment() external payable;
}
