// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IVirtualPowerPlant} from "./IVirtualPowerPlant.sol";

/// @title IEnergyInvestmentFund
/// @notice Takes ether from investors for transferable ERC-20 shares, buys batteries, settles trades and pays
///         dividends out of net trading revenue with a per-share accumulator (O(1) whatever the number of holders).
/// @dev Share pricing: shares are minted at net asset value (NAV) per share, where
///      NAV = contributed capital (invested − capital returned) + retained earnings (trading profit − dividends
///      declared from earnings). Batteries are carried at cost. The first investment mints 1 share per wei.
///      Rounding is down (in favour of existing holders). A later investor therefore pays for the earnings already
///      retained in the fund, and gets their share of them back when they are declared: value earned before they
///      joined is not diluted.
interface IEnergyInvestmentFund {
    event Invested(
        address indexed investor, uint256 amount, uint256 sharesMinted, uint256 totalSupplyAfter, uint256 navAfter
    );
    /// @notice A dividend (or an explicit return of capital) split pro-rata over `totalSupply` shares.
    event DividendDeclared(
        uint256 indexed dividendId,
        address indexed declaredBy,
        bool indexed capitalReturn,
        uint256 amount,
        uint16 basisPoints,
        uint256 totalSupply,
        uint256 magnifiedDividendPerShare
    );
    event DividendWithdrawn(address indexed holder, address indexed to, uint256 amount);
    event BatteryPurchased(uint256 indexed batteryId, address indexed vendor, address indexed by, uint256 price);
    event VendorPaymentWithdrawn(address indexed vendor, address indexed to, uint256 amount);
    /// @notice A trade's cash flow: positive = the fund received ether, negative = the fund paid.
    event TradeSettled(uint256 indexed batteryId, uint64 indexed interval, int256 value, int256 tradingProfitAfter);

    error ZeroAmount();
    error ZeroAddress();
    error NotAdmin(address account);
    error NotTrader(address account);
    error SystemIsPaused();
    error InvalidBasisPoints(uint16 basisPoints);
    error NoSharesOutstanding();
    error NothingToDistribute();
    error InsufficientFreeBalance(uint256 requested, uint256 available);
    error NothingToWithdraw();
    error EtherTransferFailed(address to, uint256 amount);
    error DirectEtherRejected(address from);
    error FundInsolvent();
    error UnexpectedSettlement(uint256 expected, uint256 received);
    error SharesTooSmall();

    /// @notice The root contract.
    function vpp() external view returns (IVirtualPowerPlant);

    /// @notice Invests `msg.value` (> 0) and mints shares at NAV per share to the sender. The first investment
    ///         must be at least 0.01 ether so the dividend accumulator can never overflow (else SharesTooSmall).
    function invest() external payable returns (uint256 sharesMinted);
    /// @notice Shares `amount` wei would mint now.
    function previewInvest(uint256 amount) external view returns (uint256 shares);

    /// @notice Declares a dividend of `basisPoints` of the distributable earnings (admins).
    function declareDividend(uint16 basisPoints) external returns (uint256 dividendId, uint256 amount);
    /// @notice Returns `amount` of capital not spent to holders pro-rata, recorded as a capital return (admins).
    function returnCapital(uint256 amount) external returns (uint256 dividendId);
    /// @notice Sends the caller's withdrawable dividends to the caller. Works while paused.
    function withdrawDividends() external returns (uint256 amount);
    /// @notice Sends the caller's withdrawable dividends to `to`. Works while paused.
    function withdrawDividendsTo(address payable to) external returns (uint256 amount);

    /// @notice Buys a battery from `vendor` for `price` wei of free fund ether and registers it (admins).
    ///         The vendor withdraws the payment (pull).
    function purchaseBattery(address vendor, uint256 price, IVirtualPowerPlant.BatteryConfig calldata config)
        external
        returns (uint256 batteryId);
    /// @notice Vendor withdraws what purchases credited to it. Works while paused.
    function withdrawVendorPayment(address payable to) external returns (uint256 amount);

    /// @notice Settles a trade's value with `market` (trader only): positive = market pays the fund.
    function settleTrade(uint256 batteryId, uint64 interval, int256 value, address market) external;

    function withdrawableDividendOf(address holder) external view returns (uint256);
    function withdrawnDividendOf(address holder) external view returns (uint256);
    function accumulativeDividendOf(address holder) external view returns (uint256);
    function vendorBalanceOf(address vendor) external view returns (uint256);

    function totalInvested() external view returns (uint256);
    function totalCapitalReturned() external view returns (uint256);
    function totalSpentOnBatteries() external view returns (uint256);
    /// @notice Cumulative net trading cash flow (can be negative).
    function tradingProfit() external view returns (int256);
    /// @notice Dividends declared from earnings (excludes capital returns).
    function totalDividendsDeclared() external view returns (uint256);
    function totalDividendsWithdrawn() external view returns (uint256);
    /// @notice Ether the fund owes: unclaimed dividends and capital returns, plus unpaid vendors.
    function totalOwed() external view returns (uint256);
    /// @notice Ether held minus ether owed.
    function freeBalance() external view returns (uint256);
    /// @notice min(retained earnings, free balance): the base of `declareDividend`.
    function distributableEarnings() external view returns (uint256);
    function netAssetValue() external view returns (int256);
    function dividendCount() external view returns (uint256);
    function magnifiedDividendPerShare() external view returns (uint256);
}
