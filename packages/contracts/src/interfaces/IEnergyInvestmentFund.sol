// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IVirtualPowerPlant} from "./IVirtualPowerPlant.sol";

/// @title IEnergyInvestmentFund
/// @notice ERC-7540-shaped fund in native ether: deposit and redemption requests are settled per epoch at the
///         epoch's NAV, then claimed. NAV = free cash + stored energy (at cost) + batteries (cost less straight-line
///         depreciation) − nothing else (free cash is already net of everything owed). See the contract's NatSpec.
interface IEnergyInvestmentFund {
    /// @notice Deployment parameters, fixed for the fund's life.
    /// @param epochDuration Seconds between scheduled epoch closes (also the depreciation period).
    /// @param timelockDelay Seconds between proposing and executing a purchase (and oracle / market swaps), and
    ///        before a vendor allowance or purchaser grant takes effect; ≥ epochDuration + MIN_TIMELOCK_MARGIN.
    /// @param maxPurchaseWei Cap of one battery purchase, wei.
    struct FundParams {
        uint64 epochDuration;
        uint64 timelockDelay;
        uint128 maxPurchaseWei;
    }

    /// @notice One epoch's settlement record.
    struct Epoch {
        uint128 depositAssets;
        uint128 depositShares;
        uint128 redeemShares;
        uint128 redeemFilled;
        uint256 redeemAssets;
        uint160 mdps; // accumulator right after this epoch's deposits were minted (before its distribution)
        bool depositsRefused;
        uint128 depositAssetsLeft; // not yet folded into a controller's claimable bucket
        uint128 depositSharesLeft;
    }

    // ------------------------------------------------------------------ ERC-7540 events
    event DepositRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 assets
    );
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );
    event OperatorSet(address indexed controller, address indexed operator, bool approved);
    event DepositRequestCanceled(
        address indexed controller, uint256 indexed requestId, address receiver, uint256 assets
    );
    event RedeemRequestCanceled(
        address indexed controller, uint256 indexed requestId, address receiver, uint256 shares
    );

    // ------------------------------------------------------------------ books events
    /// @notice One epoch settled at `nav` / `supply` (the price of every deposit and redemption filled in it).
    event EpochSettled(
        uint256 indexed epoch,
        uint256 nav,
        uint256 supply,
        uint256 depositAssets,
        uint256 depositShares,
        uint256 redeemSharesFilled,
        uint256 redeemAssetsPaid,
        uint256 redeemSharesQueued
    );
    /// @notice The epoch's deposits were refused (NAV <= 0, share price below the floor, or not one whole share
    ///         bought); they are refundable.
    event DepositsRefused(uint256 indexed epoch, uint256 assets);
    /// @notice NAV components after a change of the books.
    event NavUpdated(
        uint256 freeCash, uint256 earningsCash, int256 storedEnergyValue, uint256 batteryBookValue, int256 nav
    );
    event DividendDeclared(
        uint256 indexed dividendId,
        address indexed declaredBy,
        bool indexed capitalReturn,
        uint256 amount,
        uint16 basisPoints,
        uint256 eligibleShares,
        uint256 magnifiedDividendPerShare
    );
    event DividendWithdrawn(address indexed holder, address indexed to, uint256 amount);
    /// @notice A distribution will run at the settlement of `epoch` (dividend: `basisPoints` of the earnings cash
    ///         then; capital return: `amount`, capped then at the capital cash).
    event DistributionScheduled(
        uint256 indexed epoch, address indexed by, bool indexed capitalReturn, uint16 basisPoints, uint256 amount
    );
    /// @notice A scheduled distribution paid nothing (redemptions queued, nothing available, or no shares).
    event DistributionSkipped(uint256 indexed epoch, bool indexed capitalReturn);
    event DistributionsCanceled(uint256 indexed epoch, address indexed by);
    /// @notice Whole wei of rounding dust moved from owed dividends to earnings cash.
    event DustSwept(uint256 amount);
    event BatchSettled(int256 cash, int256 inventoryDelta, int256 realisedProfit, address indexed market);
    event PurchaseProposed(
        uint256 indexed proposalId,
        address indexed vendor,
        address indexed by,
        uint256 price,
        uint32 lifeEpochs,
        uint64 eta,
        bytes32 configHash
    );
    event PurchaseCanceled(uint256 indexed proposalId, address indexed by);
    event BatteryPurchased(
        uint256 indexed batteryId, address indexed vendor, address indexed by, uint256 price, uint256 proposalId
    );
    event BatteryWrittenOff(uint256 indexed batteryId, uint256 remainingBookValue);
    event VendorPaymentWithdrawn(address indexed vendor, address indexed to, uint256 amount);
    /// @notice `effectiveAt` is when an allowance takes effect (0 when revoked).
    event VendorAllowed(address indexed vendor, bool allowed, address indexed by, uint64 effectiveAt);
    /// @notice `effectiveAt` is when a grant takes effect (0 when revoked).
    event PurchaserSet(address indexed account, bool allowed, address indexed by, uint64 effectiveAt);

    // ------------------------------------------------------------------ errors
    error ZeroAmount();
    error ZeroAddress();
    error NotAdmin(address account);
    error NotOwner(address account);
    error NotPurchaser(address account);
    error NotTrader(address account);
    error NotVpp(address account);
    error NotAuthorized(address account);
    error SystemIsPaused();
    error InvalidBasisPoints(uint16 basisPoints);
    error NothingToDistribute();
    error InsufficientFreeBalance(uint256 requested, uint256 available);
    error NothingToWithdraw();
    error EtherTransferFailed(address to, uint256 amount);
    error DirectEtherRejected(address from);
    error UnexpectedSettlement(uint256 expected, uint256 received);
    error ValueMismatch(uint256 assets, uint256 value);
    error EpochNotDue(uint256 nextEpochAt);
    error RequestNotCancelable(address controller);
    error PreviousRequestOpen(address controller, uint256 requestId);
    error ExceedsClaimable(uint256 requested, uint256 claimable);
    error AsyncFlow();
    error SharesToFund();
    error VendorNotAllowed(address vendor);
    error PurchaseAboveCap(uint256 price, uint256 cap);
    error InvalidLife();
    error UnknownProposal(uint256 proposalId);
    error ProposalMismatch(uint256 proposalId);
    error TimelockNotElapsed(uint256 eta);
    error AmountTooLarge();
    error TimelockTooShort(uint256 delay, uint256 minimum);

    function vpp() external view returns (IVirtualPowerPlant);

    // ------------------------------------------------------------------ ERC-7540 requests
    function requestDeposit(uint256 assets, address controller, address owner)
        external
        payable
        returns (uint256 requestId);
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);
    function cancelDepositRequest(address controller, address payable receiver) external returns (uint256 assets);
    function cancelRedeemRequest(address controller, address receiver) external returns (uint256 shares);
    function pendingDepositRequest(uint256 requestId, address controller) external view returns (uint256 assets);
    function claimableDepositRequest(uint256 requestId, address controller) external view returns (uint256 assets);
    /// @notice The controller's pending deposit request, with what `pendingDepositRequest` cannot say: its
    ///         epoch and whether that epoch's settlement refused it (NAV <= 0 or a share price below the floor).
    ///         A refused request can only be canceled (`cancelDepositRequest`), and blocks new requests until it is.
    /// @param controller The request's controller.
    /// @return requestId The epoch the pending assets were requested in (its ERC-7540 request id); 0 when none.
    /// @return assets The pending assets, wei (as `pendingDepositRequest`).
    /// @return refused Whether the request's epoch refused its deposits.
    function pendingDepositOf(address controller)
        external
        view
        returns (uint256 requestId, uint256 assets, bool refused);
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);
    function setOperator(address operator, bool approved) external returns (bool);
    function isOperator(address controller, address operator) external view returns (bool);

    // ------------------------------------------------------------------ claims
    function deposit(uint256 assets, address receiver, address controller) external returns (uint256 shares);
    function mint(uint256 shares, address receiver, address controller) external returns (uint256 assets);
    function redeem(uint256 shares, address payable receiver, address controller) external returns (uint256 assets);
    function withdraw(uint256 assets, address payable receiver, address controller) external returns (uint256 shares);

    // ------------------------------------------------------------------ epochs
    function settleEpoch() external returns (uint256 epoch);
    function currentEpoch() external view returns (uint256);
    function nextEpochAt() external view returns (uint256);
    function epochDuration() external view returns (uint256);
    function epochInfo(uint256 e) external view returns (Epoch memory);

    // ------------------------------------------------------------------ ERC-4626-style views
    function asset() external view returns (address);
    function totalAssets() external view returns (uint256);
    function convertToShares(uint256 assets) external view returns (uint256);
    function convertToAssets(uint256 shares) external view returns (uint256);
    function maxDeposit(address controller) external view returns (uint256);
    function maxMint(address controller) external view returns (uint256);
    function maxRedeem(address controller) external view returns (uint256);
    function maxWithdraw(address controller) external view returns (uint256);
    function previewDeposit(uint256) external view returns (uint256);
    function previewMint(uint256) external view returns (uint256);
    function previewRedeem(uint256) external view returns (uint256);
    function previewWithdraw(uint256) external view returns (uint256);

    // ------------------------------------------------------------------ books
    function navComponents()
        external
        view
        returns (
            uint256 freeCash,
            uint256 earningsCash,
            uint256 capitalCash,
            int256 storedEnergyValue,
            uint256 batteryBookValue,
            uint256 owed,
            int256 nav
        );
    function netAssetValue() external view returns (int256);
    function totalOwed() external view returns (uint256);
    function freeBalance() external view returns (uint256);
    function distributableEarnings() external view returns (uint256);
    function realisedProfit() external view returns (int256);
    function storedEnergyValue() external view returns (int256);
    function totalDividendsDeclared() external view returns (uint256);
    function totalCapitalReturned() external view returns (uint256);
    function totalDividendsWithdrawn() external view returns (uint256);
    /// @notice Rounding dust swept from owed dividends into earnings cash, wei.
    function totalDustSwept() external view returns (uint256);
    /// @notice Rounding dust owed to nobody, not yet swept, in 2^-64 wei.
    function dividendDust() external view returns (uint256);
    function batteryBookValue(uint256 batteryId) external view returns (uint256);

    // ------------------------------------------------------------------ dividends
    /// @notice Schedules a dividend of `basisPoints` of the earnings cash held at the next settlement.
    /// @return epoch The epoch whose settlement executes it.
    function declareDividend(uint16 basisPoints) external returns (uint256 epoch);
    /// @notice Schedules a capital return of `amount` wei at the next settlement.
    /// @return epoch The epoch whose settlement executes it.
    function returnCapital(uint256 amount) external returns (uint256 epoch);
    /// @notice Cancels the scheduled distributions (admins).
    function cancelDistributions() external;
    /// @notice The distributions scheduled for the open epoch's settlement.
    function scheduledDistributions() external view returns (uint16 dividendBps, uint256 capitalAmount);
    /// @notice Dividends earned by settled, unclaimed deposit shares (credited when claimed).
    function escrowedDividendOf(address controller) external view returns (uint256);
    function withdrawDividends() external returns (uint256 amount);
    function withdrawDividendsTo(address payable to) external returns (uint256 amount);
    function withdrawableDividendOf(address holder) external view returns (uint256);
    function magnifiedDividendPerShare() external view returns (uint256);
    function dividendCount() external view returns (uint256);

    // ------------------------------------------------------------------ purchases (timelocked)
    function proposePurchase(
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external returns (uint256 proposalId);
    function executePurchase(
        uint256 proposalId,
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external returns (uint256 batteryId);
    function cancelPurchase(uint256 proposalId) external;
    function purchaseEta(uint256 proposalId) external view returns (uint256);
    /// @notice Σ price of live (proposed, not executed or canceled) purchases, ≤ maxPurchaseWei.
    function proposedPurchaseValue() external view returns (uint256);
    function setVendorAllowed(address vendor, bool allowed) external;
    function isVendorAllowed(address vendor) external view returns (bool);
    /// @notice When the vendor's allowance takes (took) effect; 0 if none.
    function vendorAllowedAt(address vendor) external view returns (uint256);
    function setPurchaser(address account, bool allowed) external;
    function isPurchaser(address account) external view returns (bool);
    /// @notice When the purchaser grant takes (took) effect; 0 if none.
    function purchaserAt(address account) external view returns (uint256);
    function withdrawVendorPayment(address payable to) external returns (uint256 amount);
    function vendorBalanceOf(address vendor) external view returns (uint256);
    function timelockDelay() external view returns (uint256);
    function maxPurchaseWei() external view returns (uint256);

    // ------------------------------------------------------------------ system hooks
    /// @notice True while a fund call is executing (its reentrancy guard is entered). The trader refuses to
    ///         dispatch then, so a dispatch made from inside a fund callback cannot use up an interval.
    /// @return Whether the guard is entered.
    function busy() external view returns (bool);

    function settleBatch(int256 cash, int256 inventoryDelta, int256 realisedProfit, address market) external;
    function writeOffBattery(uint256 batteryId) external;
}
