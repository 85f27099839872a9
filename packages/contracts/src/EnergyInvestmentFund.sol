// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEnergyInvestmentFund} from "./interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "./interfaces/IVirtualPowerPlant.sol";
import {IGridMarket} from "./interfaces/IGridMarket.sol";

/// @title EnergyInvestmentFund
/// @notice ERC-20 shares ("VPP Energy Fund Share", "VPPS") minted at NAV per share; buys batteries, settles the
///         trader's trades with the grid market and pays dividends / capital returns with an O(1) per-share
///         accumulator (pull payments).
/// @dev Dividend maths ("dividend paying token"): `magnifiedDividendPerShare` grows by amount * 2**128 / supply at
///      every declaration (the division remainder is carried to the next declaration); every account has a signed
///      correction updated on mint and on every transfer so that moving shares never moves dividends already
///      earned. Accumulated = (magnifiedDividendPerShare * balance + correction) / 2**128.
///      Accounting: the whole declared amount is reserved in `totalOwed` until withdrawn, so rounding dust stays
///      reserved and is never paid twice. `totalDividendsWithdrawn` counts every withdrawal from the accumulator
///      (dividends and capital returns alike). Invariant: address(this).balance >= totalOwed().
///      Overflow: the accumulator is checked maths, and it is bounded so that it cannot overflow in practice. Shares
///      are never burned and the first investment must mint at least MINIMUM_INITIAL_INVESTMENT = 1e16 shares, so
///      totalSupply >= 1e16 at every declaration and magnifiedDividendPerShare <= D * 2**128 / 1e16 (+ 1 per
///      declaration for the carried remainder), D being everything ever distributed (dividends and capital
///      returns). With D <= 1e27 wei (a billion ether) and balances <= totalSupply <= 1e27 shares, every product
///      magnifiedDividendPerShare * balance (and so every correction, which is bounded by the same magnitudes)
///      stays below 1e11 * 2**128 * 1e27 ~ 3.4e76 < 2**255, so minting, transferring and withdrawing can never be
///      bricked by the accumulator. (A dust first investment of 1 wei followed by a 100-ether dividend would
///      otherwise push the accumulator to ~3.4e58 and make every later mint or transfer of more than ~1.7 ether of
///      shares overflow.) The products are exact, unrounded terms of a signed sum, so they are formed with checked
///      multiplication rather than Math.mulDiv (whose rounding would have to be re-derived for the signed
///      corrections).
contract EnergyInvestmentFund is IEnergyInvestmentFund, ERC20, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @notice Magnitude of the dividend accumulator.
    uint256 internal constant MAGNITUDE = 2 ** 128;
    /// @notice 100 % in basis points.
    uint16 internal constant MAX_BPS = 10_000;
    /// @notice Minimum first investment, wei (0.01 ether = 1e16 shares at 1 share per wei). Shares are never burned,
    ///         so this floor on the first mint keeps totalSupply >= 1e16 for good and bounds the dividend
    ///         accumulator (see the contract's NatSpec): it can never overflow.
    uint256 public constant MINIMUM_INITIAL_INVESTMENT = 1e16;

    IVirtualPowerPlant private immutable _VPP;

    uint256 private _magnifiedDividendPerShare;
    /// @dev Remainder of the last accumulator division (magnified), carried into the next declaration.
    uint256 private _magnifiedCarry;
    mapping(address account => int256) private _magnifiedCorrections;
    mapping(address account => uint256) private _withdrawn;
    mapping(address vendor => uint256) private _vendorBalances;

    uint256 private _totalInvested;
    uint256 private _totalCapitalReturned;
    uint256 private _totalSpentOnBatteries;
    int256 private _tradingProfit;
    uint256 private _totalDividendsDeclared;
    uint256 private _totalDividendsWithdrawn;
    uint256 private _totalVendorOwed;
    uint256 private _dividendCount;

    /// @dev The market allowed to send ether during the current settlement (transient).
    address private transient _settlingMarket;

    /// @notice Creates the fund of `vpp` (deployed by the VPP's constructor).
    /// @param vpp_ The root contract.
    constructor(IVirtualPowerPlant vpp_) ERC20("VPP Energy Fund Share", "VPPS") {
        if (address(vpp_) == address(0)) revert ZeroAddress();
        _VPP = vpp_;
    }

    /// @notice Accepts ether only from the market paying the fund during a settlement.
    receive() external payable {
        if (msg.sender != _settlingMarket) revert DirectEtherRejected(msg.sender);
    }

    // ------------------------------------------------------------------ modifiers

    modifier onlyAdmin() {
        _checkAdmin();
        _;
    }

    modifier whenNotPaused() {
        _checkNotPaused();
        _;
    }

    function _checkAdmin() internal view {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
    }

    function _checkNotPaused() internal view {
        if (_VPP.paused()) revert SystemIsPaused();
    }

    // ------------------------------------------------------------------ investing

    /// @notice The root contract.
    /// @return The VPP.
    function vpp() external view returns (IVirtualPowerPlant) {
        return _VPP;
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Reverts SharesTooSmall if the investment mints no share, or if it is the first one (no shares
    ///      outstanding) and mints fewer than MINIMUM_INITIAL_INVESTMENT shares (i.e. is below 0.01 ether).
    function invest() external payable nonReentrant whenNotPaused returns (uint256 sharesMinted) {
        if (msg.value == 0) revert ZeroAmount();
        sharesMinted = _sharesFor(msg.value);
        if (sharesMinted == 0) revert SharesTooSmall();
        if (sharesMinted < MINIMUM_INITIAL_INVESTMENT && totalSupply() == 0) revert SharesTooSmall();
        _totalInvested += msg.value;
        _mint(msg.sender, sharesMinted);
        int256 navAfter = netAssetValue();
        // forge-lint: disable-next-line(unsafe-typecast)
        emit Invested(msg.sender, msg.value, sharesMinted, totalSupply(), navAfter > 0 ? uint256(navAfter) : 0);
    }

    /// @notice Shares `amount` wei would mint now (reverts FundInsolvent if NAV <= 0 with shares outstanding).
    ///         Does not apply invest()'s limits: a first investment below MINIMUM_INITIAL_INVESTMENT previews its
    ///         shares but invest() reverts SharesTooSmall.
    /// @param amount The investment, wei.
    /// @return shares The shares, rounded down.
    function previewInvest(uint256 amount) external view returns (uint256 shares) {
        return _sharesFor(amount);
    }

    function _sharesFor(uint256 amount) internal view returns (uint256) {
        uint256 supply = totalSupply();
        if (supply == 0) return amount;
        int256 nav = netAssetValue();
        if (nav <= 0) revert FundInsolvent();
        // forge-lint: disable-next-line(unsafe-typecast)
        return Math.mulDiv(amount, supply, uint256(nav));
    }

    // ------------------------------------------------------------------ dividends

    /// @inheritdoc IEnergyInvestmentFund
    function declareDividend(uint16 basisPoints)
        external
        nonReentrant
        onlyAdmin
        whenNotPaused
        returns (uint256 dividendId, uint256 amount)
    {
        if (basisPoints == 0 || basisPoints > MAX_BPS) revert InvalidBasisPoints(basisPoints);
        if (totalSupply() == 0) revert NoSharesOutstanding();
        amount = distributableEarnings() * basisPoints / MAX_BPS;
        if (amount == 0) revert NothingToDistribute();
        _totalDividendsDeclared += amount;
        dividendId = _distribute(amount, false, basisPoints);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function returnCapital(uint256 amount) external nonReentrant onlyAdmin whenNotPaused returns (uint256 dividendId) {
        if (amount == 0) revert ZeroAmount();
        if (totalSupply() == 0) revert NoSharesOutstanding();
        uint256 available = freeBalance() - distributableEarnings();
        if (amount > available) revert InsufficientFreeBalance(amount, available);
        _totalCapitalReturned += amount;
        dividendId = _distribute(amount, true, 0);
    }

    function _distribute(uint256 amount, bool capitalReturn, uint16 basisPoints) internal returns (uint256 dividendId) {
        uint256 supply = totalSupply();
        uint256 magnified = amount * MAGNITUDE + _magnifiedCarry;
        _magnifiedDividendPerShare += magnified / supply;
        _magnifiedCarry = magnified % supply;
        dividendId = ++_dividendCount;
        emit DividendDeclared(
            dividendId, msg.sender, capitalReturn, amount, basisPoints, supply, _magnifiedDividendPerShare
        );
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawDividends() external nonReentrant returns (uint256 amount) {
        return _withdrawDividends(payable(msg.sender));
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawDividendsTo(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        return _withdrawDividends(to);
    }

    function _withdrawDividends(address payable to) internal returns (uint256 amount) {
        amount = withdrawableDividendOf(msg.sender);
        if (amount == 0) revert NothingToWithdraw();
        _withdrawn[msg.sender] += amount;
        _totalDividendsWithdrawn += amount;
        emit DividendWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    // ------------------------------------------------------------------ batteries

    /// @inheritdoc IEnergyInvestmentFund
    function purchaseBattery(address vendor, uint256 price, IVirtualPowerPlant.BatteryConfig calldata config)
        external
        nonReentrant
        onlyAdmin
        whenNotPaused
        returns (uint256 batteryId)
    {
        if (vendor == address(0)) revert ZeroAddress();
        if (price == 0) revert ZeroAmount();
        uint256 available = freeBalance();
        if (price > available) revert InsufficientFreeBalance(price, available);
        _vendorBalances[vendor] += price;
        _totalVendorOwed += price;
        _totalSpentOnBatteries += price;
        batteryId = _VPP.registerPurchasedBattery(config, msg.sender);
        emit BatteryPurchased(batteryId, vendor, msg.sender, price);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawVendorPayment(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        amount = _vendorBalances[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        _vendorBalances[msg.sender] = 0;
        _totalVendorOwed -= amount;
        emit VendorPaymentWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    // ------------------------------------------------------------------ trading

    /// @inheritdoc IEnergyInvestmentFund
    function settleTrade(uint256 batteryId, uint64 interval, int256 value, address market)
        external
        nonReentrant
        whenNotPaused
    {
        if (msg.sender != address(_VPP.trader())) revert NotTrader(msg.sender);
        if (market == address(0)) revert ZeroAddress();
        if (value == 0) revert ZeroAmount();
        int256 profitAfter = _tradingProfit + value;
        if (value > 0) {
            uint256 expected = value.toUint256();
            _tradingProfit = profitAfter;
            emit TradeSettled(batteryId, interval, value, profitAfter);
            uint256 before = address(this).balance;
            _settlingMarket = market;
            IGridMarket(market).payFund(expected);
            _settlingMarket = address(0);
            uint256 received = address(this).balance - before;
            if (received != expected) revert UnexpectedSettlement(expected, received);
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 cost = value == type(int256).min ? uint256(type(int256).max) + 1 : uint256(-value);
            uint256 available = freeBalance();
            if (cost > available) revert InsufficientFreeBalance(cost, available);
            _tradingProfit = profitAfter;
            emit TradeSettled(batteryId, interval, value, profitAfter);
            IGridMarket(market).receivePayment{value: cost}();
        }
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawableDividendOf(address holder) public view returns (uint256) {
        return accumulativeDividendOf(holder) - _withdrawn[holder];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawnDividendOf(address holder) external view returns (uint256) {
        return _withdrawn[holder];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function accumulativeDividendOf(address holder) public view returns (uint256) {
        int256 magnified = (_magnifiedDividendPerShare * balanceOf(holder)).toInt256() + _magnifiedCorrections[holder];
        return magnified.toUint256() / MAGNITUDE;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vendorBalanceOf(address vendor) external view returns (uint256) {
        return _vendorBalances[vendor];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalInvested() external view returns (uint256) {
        return _totalInvested;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalCapitalReturned() external view returns (uint256) {
        return _totalCapitalReturned;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalSpentOnBatteries() external view returns (uint256) {
        return _totalSpentOnBatteries;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function tradingProfit() external view returns (int256) {
        return _tradingProfit;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDividendsDeclared() external view returns (uint256) {
        return _totalDividendsDeclared;
    }

    /// @notice Total withdrawn from the accumulator (dividends and capital returns).
    /// @return The amount, wei.
    function totalDividendsWithdrawn() external view returns (uint256) {
        return _totalDividendsWithdrawn;
    }

    /// @notice Ether owed: declared dividends and capital returns not yet withdrawn (rounding dust included),
    ///         plus unpaid vendors.
    /// @return The amount, wei.
    function totalOwed() public view returns (uint256) {
        return _totalDividendsDeclared + _totalCapitalReturned - _totalDividendsWithdrawn + _totalVendorOwed;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function freeBalance() public view returns (uint256) {
        uint256 owed = totalOwed();
        uint256 balance = address(this).balance;
        return balance > owed ? balance - owed : 0;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function distributableEarnings() public view returns (uint256) {
        int256 retained = _tradingProfit - _totalDividendsDeclared.toInt256();
        if (retained <= 0) return 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        return Math.min(uint256(retained), freeBalance());
    }

    /// @notice NAV = invested - capital returned + trading profit - dividends declared (batteries at cost).
    /// @return The net asset value, wei (can be negative).
    function netAssetValue() public view returns (int256) {
        return _totalInvested.toInt256() - _totalCapitalReturned.toInt256() + _tradingProfit
            - _totalDividendsDeclared.toInt256();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function dividendCount() external view returns (uint256) {
        return _dividendCount;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function magnifiedDividendPerShare() external view returns (uint256) {
        return _magnifiedDividendPerShare;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Every balance change (mint, transfer) is blocked while paused and keeps dividends with their earner.
    function _update(address from, address to, uint256 value) internal override {
        _checkNotPaused();
        super._update(from, to, value);
        int256 magCorrection = (_magnifiedDividendPerShare * value).toInt256();
        if (from != address(0)) _magnifiedCorrections[from] += magCorrection;
        if (to != address(0)) _magnifiedCorrections[to] -= magCorrection;
    }

    function _sendValue(address payable to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert EtherTransferFailed(to, amount);
    }
}
