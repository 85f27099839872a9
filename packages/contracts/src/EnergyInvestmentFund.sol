// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEnergyInvestmentFund} from "./interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "./interfaces/IVirtualPowerPlant.sol";
import {IGridMarket} from "./interfaces/IGridMarket.sol";
import {FundPurchases} from "./libraries/FundPurchases.sol";

/// @title EnergyInvestmentFund
/// @notice ERC-20 shares ("VPPS") of a battery fund, entered and left through ERC-7540-shaped asynchronous requests
///         in native ether, settled per epoch at the epoch's NAV.
/// @dev Books. NAV = freeCash + storedEnergyValue + batteryBookValue, where
///      - freeCash = ether held − everything owed (unclaimed dividends, unpaid vendors, filled-but-unclaimed
///        redemptions, pending and refused deposits). Pending deposits are never part of NAV.
///      - storedEnergyValue = Σ per-battery inventory at average cost (kept by the trader): charging moves cash
///        into inventory (NAV unchanged), a discharge realises revenue − average cost of the energy removed
///        (rounded so NAV is never overstated). Energy bought at a negative price has a negative cost.
///      - batteryBookValue = Σ purchase price less straight-line depreciation over `lifeEpochs` epoch periods fixed
///        at purchase (period = epochDuration on the grid genesis + k·epochDuration); the remainder of the integer
///        division is written off in the last period. Decommissioning writes the rest off (BatteryWrittenOff).
///      Cash buckets: earningsCash ≤ freeCash is realised trading profit not yet distributed; capitalCash is the
///      rest. Every outflow (charging, purchases, redemptions, capital returns) takes capital cash first; earnings
///      spent when capital is exhausted become capital (reinvested) and can no longer be paid as a dividend.
///      Dividends are declared from earningsCash only; capital is returned only from capitalCash.
///      Entry and exit. requestDeposit escrows ether (outside NAV); requestRedeem escrows shares (held by the fund).
///      settleEpoch (anyone, once block.timestamp >= nextEpochAt) prices the epoch at nav/supply with ERC-4626
///      virtual offsets (shares = assets·(supply+1)/(nav+1), assets = shares·(nav+1)/(supply+1), both rounded
///      down), mints the epoch's deposits (to the fund, claimable), then fills queued redemptions oldest epoch first
///      from free cash, pro-rata within an epoch; the rest stays queued. Deposits are refused (refundable) if
///      NAV <= 0 or supply + 1 > (nav + 1)·MAX_SHARES_PER_WEI.
///      Distributions (dividends from earnings cash, capital returns from capital cash) are scheduled by an admin
///      and executed inside the next settleEpoch, in this order: (1) the epoch's deposits are converted at the
///      pre-distribution NAV, (2) redemptions are filled at that same NAV, (3) the distribution runs over every
///      share in existence, claimable-but-unclaimed deposit shares included. It runs only if no redemption stays
///      queued (checked explicitly): filling stops only when free cash is spent down to less than one share's
///      price (or at the 32-epoch step cap), so earnings and capital cash are then at most that rounding rest.
///      Hence a distribution never lowers the NAV of shares that do not receive it.
///      Accumulator: mdps (uint160) per share, magnified by 2^64. A holder's account keeps the snapshot taken when
///      its balance last changed and a signed wei credit (claims subtract from the credit and keep the snapshot, so
///      a claim never drops a fraction). When the balance changes, floor(balance·Δmdps/2^64) is credited and the
///      fraction (balance·Δmdps mod 2^64, in 2^-64 wei) goes to the dust ledger, as do the ceil rounding of each
///      distribution's reservation and the fractions of escrow accruals. settleEpoch sweeps whole wei of dust from
///      owed dividends into earnings cash. Exact identity: owed·2^64 = Σ (credit·2^64 + balance·Δmdps) over holders
///      + escrow accruals + dust ledger.
///      Escrowed deposit shares: the accumulator value at each epoch's settlement (after minting, before its
///      distribution) is stored; a controller's settled shares accrue from it, its claimable bucket from its own
///      snapshot; the accrual is credited to the controller's dividend account when the shares are claimed (or
///      folded by a later request). A controller gets floor(assets·epochShares/epochAssets); the epoch's rounding
///      remainder (< 1 share per controller) belongs to nobody and is burnt when the epoch's last request is
///      folded (its value returns pro rata to all holders; its accrual is dust).
///      Overflow proof: mdps grows by floor(amount·2^64/eligible) ≤ amount·2^64 per distribution and the sum of
///      all reservations is kept < 2^95 (checked), so mdps < 2^159 < 2^160; every accrual is Math.mulDiv(balance,
///      Δmdps, 2^64) (512-bit intermediate) ≤ Σ reservations < 2^95, so a credit fits int96. Supply stays below
///      MAX_SHARES_PER_WEI·(NAV + deposits) < 2^127 because deposits are refused below the price floor.
contract EnergyInvestmentFund is IEnergyInvestmentFund, ERC20, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeCast for int256;

    uint256 internal constant MAGNITUDE = 2 ** 64;
    uint16 internal constant MAX_BPS = 10_000;
    /// @notice Deposits are refused while a share is worth less than 1/MAX_SHARES_PER_WEI wei (bounds the supply).
    uint256 public constant MAX_SHARES_PER_WEI = 1e9;
    /// @notice Most queued redemption epochs filled by one settlement (the rest next time).
    uint256 public constant MAX_REDEEM_EPOCHS_PER_SETTLE = 32;
    /// @notice timelockDelay ≥ epochDuration + MIN_TIMELOCK_MARGIN: a holder who files a redemption request within
    ///         1 h of a proposal is in an epoch that closes at least 1 h before the proposal can execute.
    uint256 public constant MIN_TIMELOCK_MARGIN = 2 hours;

    struct Account {
        uint160 snapshot; // mdps when the balance last changed
        int96 credited; // wei credited at balance changes and escrow claims, less wei withdrawn since
    }

    struct DepositReq {
        uint32 epoch;
        uint96 pendingAssets;
        uint128 claimableShares; // settled, folded, not claimed (held by the fund)
        uint160 escrowSnapshot; // mdps when the claimable bucket last accrued
        uint96 claimableAssets;
    }

    struct RedeemReq {
        uint32 epoch;
        uint112 shares;
        uint112 claimedShares;
        uint256 claimedAssets;
    }

    struct Book {
        uint96 cost;
        uint96 rate;
        uint32 startPeriod;
        uint32 lifePeriods;
    }

    IVirtualPowerPlant private immutable _VPP;
    uint256 private immutable _EPOCH_DURATION;
    uint256 private immutable _GENESIS;
    uint256 private immutable _TIMELOCK_DELAY;
    uint256 private immutable _MAX_PURCHASE;

    // accumulator (one slot) and accounts
    uint160 private _mdps;
    uint96 private _owedDividends;
    mapping(address account => Account) private _accounts;
    uint256 private _totalDeclared; // reserved by all distributions, < 2^95
    uint256 private _totalDividends;
    uint256 private _totalCapitalReturned;
    uint256 private _totalSwept; // dust wei returned from owed dividends to earnings
    uint256 private _dustMag = 1; // 1 + rounding dust owed to nobody in 2^-64 wei (never 0: no fresh-slot write)
    uint256 private _dividendCount;
    // distributions scheduled for the open epoch's settlement
    address private _dividendBy;
    uint16 private _dividendBps;
    address private _capitalBy;
    uint96 private _capitalAmount;

    // epochs (one slot)
    uint32 private _epoch; // the open epoch
    uint32 private _redeemHead; // oldest epoch that may have unfilled redemptions
    uint96 private _pendingDeposits; // open epoch's deposits
    uint96 private _refundableDeposits; // refused deposits not yet canceled
    mapping(uint256 epoch => Epoch) private _epochs;
    mapping(address controller => DepositReq) private _deposits;
    mapping(address controller => RedeemReq) private _redeems;
    mapping(address controller => mapping(address operator => bool)) private _operators;
    uint256 private _reservedRedeemAssets;
    uint256 private _escrowDepositShares; // minted, not claimed (held by the fund)

    // books
    uint256 private _earningsCash;
    int256 private _inventory;
    int256 private _realised;
    uint256 private _book;
    uint256 private _deprRate;
    uint256 private _deprPeriod;
    mapping(uint256 period => uint256) private _rateEnd;
    mapping(uint256 period => uint256) private _lumpEnd;
    mapping(uint256 batteryId => Book) private _books;

    // purchases (grants, proposals, vendor balances; logic in the linked FundPurchases library)
    FundPurchases.State private _purchases;

    address private transient _settlingMarket;
    bool private transient _escrowMove;

    /// @param vpp_ The root contract, deployed next at this address (it checks that `vpp()` names it).
    /// @param p Epoch length, timelock delay and purchase cap.
    constructor(IVirtualPowerPlant vpp_, FundParams memory p) ERC20("VPP Energy Fund Share", "VPPS") {
        if (address(vpp_) == address(0)) revert ZeroAddress();
        if (p.epochDuration == 0 || p.maxPurchaseWei == 0) revert ZeroAmount();
        if (p.maxPurchaseWei >= 2 ** 96) revert AmountTooLarge();
        uint256 minDelay = uint256(p.epochDuration) + MIN_TIMELOCK_MARGIN;
        if (p.timelockDelay < minDelay) revert TimelockTooShort(p.timelockDelay, minDelay);
        _VPP = vpp_;
        _EPOCH_DURATION = p.epochDuration;
        _GENESIS = block.timestamp;
        _TIMELOCK_DELAY = p.timelockDelay;
        _MAX_PURCHASE = p.maxPurchaseWei;
        _epoch = 1;
        _redeemHead = 1;
    }

    /// @notice Accepts ether only from the market paying the fund during a settlement.
    receive() external payable {
        if (msg.sender != _settlingMarket) revert DirectEtherRejected(msg.sender);
    }

    // ------------------------------------------------------------------ access

    function _checkNotPaused() internal view {
        if (_VPP.paused()) revert SystemIsPaused();
    }

    function _checkAdmin() internal view {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
    }

    function _checkController(address controller) internal view {
        if (msg.sender != controller && !_operators[controller][msg.sender]) revert NotAuthorized(msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vpp() external view returns (IVirtualPowerPlant) {
        return _VPP;
    }

    // ------------------------------------------------------------------ requests

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev `owner` must be the sender (native ether comes from msg.sender); msg.value == assets. One open deposit
    ///      request per controller: a settled earlier request is folded into its claimable shares first.
    function requestDeposit(uint256 assets, address controller, address owner)
        external
        payable
        nonReentrant
        returns (uint256 requestId)
    {
        _checkNotPaused();
        if (assets == 0) revert ZeroAmount();
        if (msg.value != assets) revert ValueMismatch(assets, msg.value);
        if (owner != msg.sender) revert NotAuthorized(msg.sender);
        if (controller == address(0)) revert ZeroAddress();
        requestId = _epoch;
        DepositReq storage r = _deposits[controller];
        uint256 e = r.epoch;
        if (e != requestId && r.pendingAssets != 0) {
            if (_epochs[e].depositsRefused) revert PreviousRequestOpen(controller, e);
            _accrueEscrow(controller, r);
        }
        r.epoch = uint32(requestId);
        r.pendingAssets = (r.pendingAssets + assets).toUint96();
        _pendingDeposits = (_pendingDeposits + assets).toUint96();
        emit DepositRequest(controller, owner, requestId, msg.sender, assets);
    }

    /// @dev Credits the controller's dividend account with what its escrowed deposit shares earned: the claimable
    ///      bucket since its snapshot, then a settled request's shares since their epoch's settlement (folding them
    ///      into the bucket). Floor fractions go to the dust ledger.
    function _accrueEscrow(address controller, DepositReq storage r) internal {
        uint160 mdps = _mdps;
        uint256 credit;
        uint256 dust;
        uint256 bucket = r.claimableShares;
        uint256 snap = r.escrowSnapshot;
        if (snap != mdps) {
            if (bucket != 0) (credit, dust) = _accrual(bucket, mdps - snap);
            r.escrowSnapshot = mdps;
        }
        uint256 assets = r.pendingAssets;
        uint256 e = r.epoch;
        if (assets != 0 && e != _epoch) {
            Epoch storage ep = _epochs[e];
            if (!ep.depositsRefused) {
                uint256 s = Math.mulDiv(assets, ep.depositShares, ep.depositAssets);
                uint256 aLeft = ep.depositAssetsLeft - assets;
                uint256 sLeft = ep.depositSharesLeft - s;
                uint256 d = mdps - ep.mdps;
                if (d != 0 && s != 0) {
                    (uint256 c, uint256 f) = _accrual(s, d);
                    credit += c;
                    dust += f;
                }
                ep.depositAssetsLeft = uint128(aLeft);
                if (aLeft == 0 && sLeft != 0) {
                    // the epoch's rounding remainder belongs to nobody: burnt (its value returns pro rata to all
                    // holders), its accrual (< sLeft·Δ, sLeft < #controllers) is dust
                    _escrowDepositShares -= sLeft;
                    _burn(address(this), sLeft);
                    dust += sLeft * d;
                    sLeft = 0;
                }
                ep.depositSharesLeft = uint128(sLeft);
                r.claimableShares = uint128(bucket + s);
                r.claimableAssets += uint96(assets);
                r.pendingAssets = 0;
            }
        }
        if (credit != 0) _accounts[controller].credited += int96(int256(credit));
        if (dust != 0) _dustMag += dust;
    }

    /// @dev floor(shares·Δ/2^64) and the dropped fraction in 2^-64 wei.
    function _accrual(uint256 shares, uint256 delta) internal pure returns (uint256 wei_, uint256 fraction) {
        wei_ = Math.mulDiv(shares, delta, MAGNITUDE);
        fraction = mulmod(shares, delta, MAGNITUDE);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Escrows `shares` of `owner` in the fund (operator, or ERC-20 allowance, or owner). One open request per
    ///      controller: adding to it is allowed while its epoch is open; an earlier request must be fully filled
    ///      and claimed first (PreviousRequestOpen).
    function requestRedeem(uint256 shares, address controller, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        _checkNotPaused();
        if (shares == 0) revert ZeroAmount();
        if (controller == address(0)) revert ZeroAddress();
        if (msg.sender != owner && !_operators[owner][msg.sender]) _spendAllowance(owner, msg.sender, shares);
        requestId = _epoch;
        RedeemReq storage r = _redeems[controller];
        if (r.epoch != requestId && r.shares != 0) {
            (uint256 filled, uint256 assets) = _redeemTotals(r);
            if (filled != r.shares || r.claimedAssets != assets) revert PreviousRequestOpen(controller, r.epoch);
            delete _redeems[controller];
        }
        r.epoch = uint32(requestId);
        r.shares = (r.shares + shares).toUint112();
        _epochs[requestId].redeemShares += shares.toUint128();
        _escrowMove = true;
        _transfer(owner, address(this), shares);
        _escrowMove = false;
        emit RedeemRequest(controller, owner, requestId, msg.sender, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Only a request of the open epoch, or of an epoch whose deposits were refused, can be canceled; the
    ///      ether goes to `receiver` at once. Works while paused.
    function cancelDepositRequest(address controller, address payable receiver)
        external
        nonReentrant
        returns (uint256 assets)
    {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        DepositReq storage r = _deposits[controller];
        assets = r.pendingAssets;
        uint256 e = r.epoch;
        if (assets == 0) revert RequestNotCancelable(controller);
        if (e == _epoch) {
            _pendingDeposits -= uint96(assets);
        } else if (_epochs[e].depositsRefused) {
            _refundableDeposits -= uint96(assets);
        } else {
            revert RequestNotCancelable(controller);
        }
        r.pendingAssets = 0;
        emit DepositRequestCanceled(controller, e, receiver, assets);
        _sendValue(receiver, assets);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Only while the request's epoch is open (queued remainders of settled epochs stay queued). Works while
    ///      paused.
    function cancelRedeemRequest(address controller, address receiver) external nonReentrant returns (uint256 shares) {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        RedeemReq storage r = _redeems[controller];
        shares = r.shares;
        if (shares == 0 || r.epoch != _epoch) revert RequestNotCancelable(controller);
        _epochs[r.epoch].redeemShares -= uint128(shares);
        emit RedeemRequestCanceled(controller, r.epoch, receiver, shares);
        delete _redeems[controller];
        _escrowMove = true;
        _transfer(address(this), receiver, shares);
        _escrowMove = false;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function setOperator(address operator, bool approved) external returns (bool) {
        _operators[msg.sender][operator] = approved;
        emit OperatorSet(msg.sender, operator, approved);
        return true;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isOperator(address controller, address operator) external view returns (bool) {
        return _operators[controller][operator];
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEnergyInvestmentFund
    function deposit(uint256 assets, address receiver, address controller)
        external
        nonReentrant
        returns (uint256 shares)
    {
        (uint256 cAssets, uint256 cShares) = _claimableDeposit(controller);
        if (assets > cAssets) revert ExceedsClaimable(assets, cAssets);
        shares = assets == cAssets ? cShares : Math.mulDiv(assets, cShares, cAssets);
        _claimDeposit(controller, receiver, assets, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function mint(uint256 shares, address receiver, address controller) external nonReentrant returns (uint256 assets) {
        (uint256 cAssets, uint256 cShares) = _claimableDeposit(controller);
        if (shares > cShares) revert ExceedsClaimable(shares, cShares);
        assets = shares == cShares ? cAssets : Math.mulDiv(shares, cAssets, cShares, Math.Rounding.Ceil);
        _claimDeposit(controller, receiver, assets, shares);
    }

    function _claimDeposit(address controller, address receiver, uint256 assets, uint256 shares) internal {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        if (assets == 0 && shares == 0) revert ZeroAmount();
        DepositReq storage r = _deposits[controller];
        _accrueEscrow(controller, r);
        r.claimableAssets -= uint96(assets);
        r.claimableShares -= uint128(shares);
        _escrowDepositShares -= shares;
        emit Deposit(receiver, controller, assets, shares);
        _escrowMove = true;
        _transfer(address(this), receiver, shares);
        _escrowMove = false;
    }

    function _claimableDeposit(address controller) internal view returns (uint256 assets, uint256 shares) {
        (assets, shares,) = _escrowView(controller);
    }

    /// @dev What _accrueEscrow would fold and credit, without writing.
    function _escrowView(address controller) internal view returns (uint256 assets, uint256 shares, uint256 credit) {
        DepositReq storage r = _deposits[controller];
        uint160 mdps = _mdps;
        assets = r.claimableAssets;
        shares = r.claimableShares;
        if (shares != 0) credit = Math.mulDiv(shares, mdps - r.escrowSnapshot, MAGNITUDE);
        uint256 e = r.epoch;
        uint256 pending = r.pendingAssets;
        if (e != _epoch && pending != 0 && !_epochs[e].depositsRefused) {
            Epoch storage ep = _epochs[e];
            uint256 s = Math.mulDiv(pending, ep.depositShares, ep.depositAssets);
            assets += pending;
            shares += s;
            credit += Math.mulDiv(s, mdps - ep.mdps, MAGNITUDE);
        }
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Credited to the controller's dividend balance when it claims shares or files its next deposit request.
    function escrowedDividendOf(address controller) external view returns (uint256) {
        (,, uint256 credit) = _escrowView(controller);
        return credit;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function redeem(uint256 shares, address payable receiver, address controller)
        external
        nonReentrant
        returns (uint256 assets)
    {
        (uint256 cShares, uint256 cAssets) = _claimableRedeem(controller);
        if (shares > cShares) revert ExceedsClaimable(shares, cShares);
        assets = shares == cShares ? cAssets : Math.mulDiv(shares, cAssets, cShares);
        _claimRedeem(controller, receiver, assets, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdraw(uint256 assets, address payable receiver, address controller)
        external
        nonReentrant
        returns (uint256 shares)
    {
        (uint256 cShares, uint256 cAssets) = _claimableRedeem(controller);
        if (assets > cAssets) revert ExceedsClaimable(assets, cAssets);
        shares = assets == cAssets ? cShares : Math.mulDiv(assets, cShares, cAssets, Math.Rounding.Ceil);
        _claimRedeem(controller, receiver, assets, shares);
    }

    function _claimRedeem(address controller, address payable receiver, uint256 assets, uint256 shares) internal {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        if (assets == 0 && shares == 0) revert ZeroAmount();
        RedeemReq storage r = _redeems[controller];
        r.claimedShares += uint112(shares);
        r.claimedAssets += assets;
        _reservedRedeemAssets -= assets;
        emit Withdraw(msg.sender, receiver, controller, assets, shares);
        _sendValue(receiver, assets);
    }

    /// @dev Filled shares and their assets, cumulated over the request's life (one division each).
    function _redeemTotals(RedeemReq storage r) internal view returns (uint256 filled, uint256 assets) {
        Epoch storage ep = _epochs[r.epoch];
        uint256 total = ep.redeemShares;
        if (total == 0) return (0, 0);
        filled = Math.mulDiv(r.shares, ep.redeemFilled, total);
        assets = Math.mulDiv(r.shares, ep.redeemAssets, total);
    }

    function _claimableRedeem(address controller) internal view returns (uint256 shares, uint256 assets) {
        RedeemReq storage r = _redeems[controller];
        (uint256 filled, uint256 total) = _redeemTotals(r);
        shares = filled - r.claimedShares;
        assets = total - r.claimedAssets;
    }

    // ------------------------------------------------------------------ request views

    /// @inheritdoc IEnergyInvestmentFund
    function pendingDepositRequest(uint256, address controller) external view returns (uint256 assets) {
        DepositReq storage r = _deposits[controller];
        if (r.epoch == _epoch || _epochs[r.epoch].depositsRefused) return r.pendingAssets;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function claimableDepositRequest(uint256, address controller) external view returns (uint256 assets) {
        (assets,) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function pendingDepositOf(address controller)
        external
        view
        returns (uint256 requestId, uint256 assets, bool refused)
    {
        DepositReq storage r = _deposits[controller];
        uint256 e = r.epoch;
        refused = e != _epoch && _epochs[e].depositsRefused;
        if (r.pendingAssets == 0 || (e != _epoch && !refused)) return (0, 0, false);
        return (e, r.pendingAssets, refused);
    }

    /// @notice Shares the controller can claim with `deposit` / `mint`.
    /// @param controller The controller.
    /// @return shares The claimable shares.
    function claimableDepositShares(address controller) external view returns (uint256 shares) {
        (, shares) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function pendingRedeemRequest(uint256, address controller) external view returns (uint256 shares) {
        RedeemReq storage r = _redeems[controller];
        (uint256 filled,) = _redeemTotals(r);
        return r.shares - filled;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function claimableRedeemRequest(uint256, address controller) external view returns (uint256 shares) {
        (shares,) = _claimableRedeem(controller);
    }

    /// @notice Ether the controller can claim with `redeem` / `withdraw`.
    /// @param controller The controller.
    /// @return assets The claimable ether, wei.
    function claimableRedeemAssets(address controller) external view returns (uint256 assets) {
        (, assets) = _claimableRedeem(controller);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEnergyInvestmentFund
    function currentEpoch() external view returns (uint256) {
        return _epoch;
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Epoch n closes at genesis + n·epochDuration; a late settlement does not shift the grid.
    function nextEpochAt() public view returns (uint256) {
        return _GENESIS + uint256(_epoch) * _EPOCH_DURATION;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function epochDuration() external view returns (uint256) {
        return _EPOCH_DURATION;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function epochInfo(uint256 e) external view returns (Epoch memory) {
        return _epochs[e];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function settleEpoch() external nonReentrant returns (uint256 epoch) {
        _checkNotPaused();
        uint256 due = nextEpochAt();
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < due) revert EpochNotDue(due);
        _accrueDepreciation();
        epoch = _epoch;
        Epoch storage ep = _epochs[epoch];
        int256 navS = _nav();
        uint256 supply = totalSupply();
        uint256 nav = navS > 0 ? uint256(navS) : 0;
        uint256 assetsIn = _pendingDeposits;
        _pendingDeposits = 0;
        if (assetsIn != 0) {
            uint256 minted = Math.mulDiv(assetsIn, supply + 1, nav + 1);
            if (navS < 0 || supply + 1 > (nav + 1) * MAX_SHARES_PER_WEI || (supply != 0 && nav == 0) || minted == 0) {
                ep.depositsRefused = true;
                _refundableDeposits += uint96(assetsIn);
                emit DepositsRefused(epoch, assetsIn);
                assetsIn = 0;
            } else {
                uint128 minted128 = minted.toUint128();
                ep.depositAssets = uint128(assetsIn);
                ep.depositShares = minted128;
                ep.depositAssetsLeft = uint128(assetsIn);
                ep.depositSharesLeft = minted128;
                ep.mdps = _mdps;
                _escrowDepositShares += minted;
                _mint(address(this), minted);
            }
        }
        // redemptions: oldest epoch first, at this settlement's price (pre-deposit nav / supply)
        (uint256 filledTotal, uint256 paidTotal, uint256 queued) = _fillRedemptions(epoch, nav, supply);
        emit EpochSettled(epoch, nav, supply, assetsIn, ep.depositShares, filledTotal, paidTotal, queued);
        // distributions last: the queue is empty (else free cash is 0) and every share gets its part
        _runDistributions(epoch, _redeemHead > epoch);
        _sweepDust();
        _epoch = uint32(epoch + 1);
        _emitNav();
    }

    /// @dev Executes the distributions scheduled for `epoch`; skipped (event) when redemptions stay queued,
    ///      nothing is available or no share exists.
    function _runDistributions(uint256 epoch, bool queueEmpty) internal {
        uint16 bps = _dividendBps;
        if (bps != 0) {
            address by = _dividendBy;
            _dividendBps = 0;
            _dividendBy = address(0);
            uint256 amount = queueEmpty ? _earningsCash * bps / MAX_BPS : 0;
            uint256 reserved = _distribute(epoch, by, amount, false, bps);
            _earningsCash -= reserved;
            _totalDividends += reserved;
        }
        uint256 capital = _capitalAmount;
        if (capital != 0) {
            address by = _capitalBy;
            _capitalAmount = 0;
            _capitalBy = address(0);
            uint256 available = _freeCash() - _earningsCash;
            if (!queueEmpty) available = 0;
            uint256 reserved = _distribute(epoch, by, capital < available ? capital : available, true, 0);
            _totalCapitalReturned += reserved;
        }
    }

    /// @dev Whole wei of rounding dust leave owed dividends for earnings cash (free cash grows by the same wei).
    function _sweepDust() internal {
        uint256 d = _dustMag - 1;
        if (d < MAGNITUDE) return;
        uint256 w = d / MAGNITUDE;
        _dustMag = d % MAGNITUDE + 1;
        _owedDividends -= uint96(w);
        _earningsCash += w;
        _totalSwept += w;
        emit DustSwept(w);
    }

    function _fillRedemptions(uint256 epoch, uint256 nav, uint256 supply)
        internal
        returns (uint256 filledTotal, uint256 paidTotal, uint256 queued)
    {
        uint256 cash = _freeCash();
        uint256 k = _redeemHead;
        uint256 steps;
        for (; k <= epoch && steps < MAX_REDEEM_EPOCHS_PER_SETTLE; ++k) {
            Epoch storage ek = _epochs[k];
            uint256 left = ek.redeemShares - ek.redeemFilled;
            if (left == 0) continue;
            ++steps;
            uint256 fill = left;
            uint256 pay = Math.mulDiv(fill, nav + 1, supply + 1);
            if (pay > cash) {
                fill = Math.mulDiv(cash, supply + 1, nav + 1);
                if (fill > left) fill = left;
                pay = Math.mulDiv(fill, nav + 1, supply + 1);
            }
            if (fill != 0) {
                ek.redeemFilled += uint128(fill);
                ek.redeemAssets += pay;
                filledTotal += fill;
                paidTotal += pay;
                cash -= pay;
            }
            if (fill < left) {
                queued = left - fill;
                break;
            }
        }
        _redeemHead = uint32(k > epoch ? epoch + 1 : k);
        if (filledTotal != 0) {
            _burn(address(this), filledTotal);
            _reservedRedeemAssets += paidTotal;
            _spendCash();
        }
    }

    // ------------------------------------------------------------------ ERC-4626-style views

    /// @notice The asset is native ether (ERC-7528 placeholder address).
    /// @return 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE.
    function asset() external pure returns (address) {
        return 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalAssets() public view returns (uint256) {
        int256 n = _navView();
        return n > 0 ? uint256(n) : 0;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function convertToShares(uint256 assets) external view returns (uint256) {
        return Math.mulDiv(assets, totalSupply() + 1, totalAssets() + 1);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function convertToAssets(uint256 shares) external view returns (uint256) {
        return Math.mulDiv(shares, totalAssets() + 1, totalSupply() + 1);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxDeposit(address controller) external view returns (uint256 assets) {
        (assets,) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxMint(address controller) external view returns (uint256 shares) {
        (, shares) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxRedeem(address controller) external view returns (uint256 shares) {
        (shares,) = _claimableRedeem(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxWithdraw(address controller) external view returns (uint256 assets) {
        (, assets) = _claimableRedeem(controller);
    }

    /// @notice Reverts: entry is asynchronous (ERC-7540).
    function previewDeposit(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: entry is asynchronous (ERC-7540).
    function previewMint(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: exit is asynchronous (ERC-7540).
    function previewRedeem(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: exit is asynchronous (ERC-7540).
    function previewWithdraw(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    // ------------------------------------------------------------------ books

    function _owed() internal view returns (uint256) {
        return uint256(_owedDividends) + _purchases.vendorOwed + _reservedRedeemAssets + _pendingDeposits
            + _refundableDeposits;
    }

    function _freeCash() internal view returns (uint256) {
        uint256 owed = _owed();
        uint256 bal = address(this).balance;
        return bal > owed ? bal - owed : 0;
    }

    /// @dev After any outflow: earnings cash can never exceed free cash (capital is spent first).
    function _spendCash() internal {
        uint256 free = _freeCash();
        if (_earningsCash > free) _earningsCash = free;
    }

    function _nav() internal view returns (int256) {
        return _freeCash().toInt256() + _inventory + _book.toInt256();
    }

    function _navView() internal view returns (int256) {
        return _freeCash().toInt256() + _inventory + _bookView().toInt256();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function navComponents()
        external
        view
        returns (
            uint256 freeCash,
            uint256 earningsCash,
            uint256 capitalCash,
            int256 stored,
            uint256 batteryBookValue_,
            uint256 owed,
            int256 nav
        )
    {
        freeCash = _freeCash();
        earningsCash = _earningsCash;
        capitalCash = freeCash - earningsCash;
        stored = _inventory;
        batteryBookValue_ = _bookView();
        owed = _owed();
        nav = freeCash.toInt256() + stored + batteryBookValue_.toInt256();
    }

    function _emitNav() internal {
        uint256 free = _freeCash();
        emit NavUpdated(free, _earningsCash, _inventory, _book, free.toInt256() + _inventory + _book.toInt256());
    }

    /// @inheritdoc IEnergyInvestmentFund
    function netAssetValue() external view returns (int256) {
        return _navView();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalOwed() external view returns (uint256) {
        return _owed();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function freeBalance() external view returns (uint256) {
        return _freeCash();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function distributableEarnings() external view returns (uint256) {
        return _earningsCash;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function realisedProfit() external view returns (int256) {
        return _realised;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDividendsDeclared() external view returns (uint256) {
        return _totalDividends;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalCapitalReturned() external view returns (uint256) {
        return _totalCapitalReturned;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDividendsWithdrawn() external view returns (uint256) {
        return _totalDeclared - _owedDividends - _totalSwept;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDustSwept() external view returns (uint256) {
        return _totalSwept;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function dividendDust() external view returns (uint256) {
        return _dustMag - 1;
    }

    /// @notice Shares minted for deposits and not yet claimed (held by the fund).
    /// @return The shares.
    function escrowedDepositShares() external view returns (uint256) {
        return _escrowDepositShares;
    }

    // ------------------------------------------------------------------ depreciation

    function _period() internal view returns (uint256) {
        return (block.timestamp - _GENESIS) / _EPOCH_DURATION;
    }

    function _accrueDepreciation() internal {
        uint256 p = _period();
        uint256 q = _deprPeriod;
        if (p == q) return;
        uint256 book = _book;
        uint256 rate = _deprRate;
        for (uint256 k = q + 1; k <= p; ++k) {
            if (rate == 0 && book == 0) break;
            book -= rate + _lumpEnd[k];
            rate -= _rateEnd[k];
        }
        _book = book;
        _deprRate = rate;
        _deprPeriod = p;
    }

    function _bookView() internal view returns (uint256 book) {
        uint256 p = _period();
        book = _book;
        uint256 rate = _deprRate;
        for (uint256 k = _deprPeriod + 1; k <= p; ++k) {
            if (rate == 0 && book == 0) break;
            book -= rate + _lumpEnd[k];
            rate -= _rateEnd[k];
        }
    }

    /// @inheritdoc IEnergyInvestmentFund
    function batteryBookValue(uint256 batteryId) public view returns (uint256) {
        Book storage b = _books[batteryId];
        if (b.cost == 0) return 0;
        uint256 elapsed = _period() - b.startPeriod;
        if (elapsed >= b.lifePeriods) return 0;
        return uint256(b.cost) - elapsed * b.rate;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function writeOffBattery(uint256 batteryId) external {
        if (msg.sender != address(_VPP)) revert NotVpp(msg.sender);
        _accrueDepreciation();
        Book storage b = _books[batteryId];
        if (b.cost == 0) return;
        uint256 remaining = batteryBookValue(batteryId);
        if (remaining != 0) {
            uint256 end = uint256(b.startPeriod) + b.lifePeriods;
            _book -= remaining;
            _deprRate -= b.rate;
            _rateEnd[end] -= b.rate;
            _lumpEnd[end] -= uint256(b.cost) - uint256(b.rate) * b.lifePeriods;
        }
        delete _books[batteryId];
        emit BatteryWrittenOff(batteryId, remaining);
        _emitNav();
    }

    // ------------------------------------------------------------------ dividends

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Schedules `basisPoints` of the earnings cash held at the open epoch's settlement (replaces an earlier
    ///      schedule of this epoch). Reverts NothingToDistribute if no earnings cash is held now.
    function declareDividend(uint16 basisPoints) external returns (uint256 epoch) {
        _checkAdmin();
        _checkNotPaused();
        if (basisPoints == 0 || basisPoints > MAX_BPS) revert InvalidBasisPoints(basisPoints);
        if (_earningsCash * basisPoints / MAX_BPS == 0) revert NothingToDistribute();
        epoch = _epoch;
        _dividendBps = basisPoints;
        _dividendBy = msg.sender;
        emit DistributionScheduled(epoch, msg.sender, false, basisPoints, 0);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Schedules a return of `amount` of capital cash at the open epoch's settlement (capped then at the
    ///      capital cash held; replaces an earlier schedule of this epoch).
    function returnCapital(uint256 amount) external returns (uint256 epoch) {
        _checkAdmin();
        _checkNotPaused();
        if (amount == 0) revert ZeroAmount();
        uint256 capital = _freeCash() - _earningsCash;
        if (amount > capital) revert InsufficientFreeBalance(amount, capital);
        epoch = _epoch;
        _capitalAmount = uint96(amount);
        _capitalBy = msg.sender;
        emit DistributionScheduled(epoch, msg.sender, true, 0, amount);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function cancelDistributions() external {
        _checkAdmin();
        if (_dividendBps == 0 && _capitalAmount == 0) revert NothingToDistribute();
        _dividendBps = 0;
        _dividendBy = address(0);
        _capitalAmount = 0;
        _capitalBy = address(0);
        emit DistributionsCanceled(_epoch, msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function scheduledDistributions() external view returns (uint16 dividendBps, uint256 capitalAmount) {
        return (_dividendBps, _capitalAmount);
    }

    /// @dev Over every share but queued redemptions (none when something is paid). Reserves ceil(inc·eligible/2^64)
    ///      ≤ amount; the ceil rounding goes to the dust ledger, the unreserved remainder stays where it was.
    function _distribute(uint256 epoch, address by, uint256 amount, bool capitalReturn, uint16 basisPoints)
        internal
        returns (uint256 reserved)
    {
        uint256 eligible = totalSupply() - (balanceOf(address(this)) - _escrowDepositShares);
        uint256 inc = eligible == 0 ? 0 : Math.mulDiv(amount, MAGNITUDE, eligible);
        if (inc == 0) {
            emit DistributionSkipped(epoch, capitalReturn);
            return 0;
        }
        reserved = Math.mulDiv(inc, eligible, MAGNITUDE, Math.Rounding.Ceil);
        uint256 total = _totalDeclared + reserved;
        if (total >= 2 ** 95) {
            emit DistributionSkipped(epoch, capitalReturn);
            return 0;
        }
        _totalDeclared = total;
        uint256 slack = reserved * MAGNITUDE - inc * eligible;
        if (slack != 0) _dustMag += slack;
        uint160 mdps = _mdps + uint160(inc);
        _mdps = mdps;
        _owedDividends += uint96(reserved);
        uint256 dividendId = ++_dividendCount;
        emit DividendDeclared(dividendId, by, capitalReturn, reserved, basisPoints, eligible, mdps);
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

    /// @dev Subtracts from the credit and keeps the snapshot: the holder's fraction of a wei is not dropped.
    function _withdrawDividends(address payable to) internal returns (uint256 amount) {
        Account storage acc = _accounts[msg.sender];
        Account memory a = acc;
        int256 due = int256(a.credited) + int256(Math.mulDiv(balanceOf(msg.sender), _mdps - a.snapshot, MAGNITUDE));
        if (due <= 0) revert NothingToWithdraw();
        amount = uint256(due);
        acc.credited = int96(int256(a.credited) - due);
        _owedDividends -= uint96(amount);
        emit DividendWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawableDividendOf(address holder) public view returns (uint256) {
        if (holder == address(this)) return 0;
        Account memory a = _accounts[holder];
        int256 due = int256(a.credited) + int256(Math.mulDiv(balanceOf(holder), _mdps - a.snapshot, MAGNITUDE));
        return due > 0 ? uint256(due) : 0;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function magnifiedDividendPerShare() external view returns (uint256) {
        return _mdps;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function dividendCount() external view returns (uint256) {
        return _dividendCount;
    }

    function _settleAccount(address account) internal {
        if (account == address(0) || account == address(this)) return;
        uint160 mdps = _mdps;
        Account memory a = _accounts[account];
        if (a.snapshot == mdps) return;
        uint256 bal = balanceOf(account);
        int96 credited = a.credited;
        if (bal != 0) {
            (uint256 accrued, uint256 fraction) = _accrual(bal, mdps - a.snapshot);
            credited += int96(int256(accrued));
            if (fraction != 0) _dustMag += fraction;
        }
        _accounts[account] = Account(mdps, credited);
    }

    /// @dev Shares can only enter the fund's own address through requestRedeem / settlement (defect 12).
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this) && !_escrowMove && from != address(0)) revert SharesToFund();
        if (from != address(0) && to != address(0) && !_escrowMove) _checkNotPaused();
        _settleAccount(from);
        _settleAccount(to);
        super._update(from, to, value);
    }

    // ------------------------------------------------------------------ purchases

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev The value of all live proposals (this one included) must stay ≤ maxPurchaseWei, so at most
    ///      maxPurchaseWei can leave for vendors per timelockDelay. See FundPurchases.propose.
    function proposePurchase(
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external returns (uint256 proposalId) {
        return FundPurchases.propose(
            _purchases, _VPP, _TIMELOCK_DELAY, _MAX_PURCHASE, vendor, price, lifeEpochs, config
        );
    }

    /// @inheritdoc IEnergyInvestmentFund
    function executePurchase(
        uint256 proposalId,
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external nonReentrant returns (uint256 batteryId) {
        FundPurchases.consume(_purchases, _VPP, _MAX_PURCHASE, proposalId, vendor, price, lifeEpochs, config);
        _accrueDepreciation();
        uint256 available = _freeCash();
        if (price > available) revert InsufficientFreeBalance(price, available);
        _purchases.vendorBalances[vendor] += price;
        _purchases.vendorOwed += price;
        _spendCash();
        batteryId = _VPP.registerPurchasedBattery(config, msg.sender);
        uint256 p = _period();
        uint256 rate = price / lifeEpochs;
        _books[batteryId] =
            Book({cost: uint96(price), rate: uint96(rate), startPeriod: uint32(p), lifePeriods: lifeEpochs});
        _book += price;
        _deprRate += rate;
        _rateEnd[p + lifeEpochs] += rate;
        _lumpEnd[p + lifeEpochs] += price - rate * lifeEpochs;
        emit BatteryPurchased(batteryId, vendor, msg.sender, price, proposalId);
        _emitNav();
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Guardians (admins, and admins removed less than timelockDelay ago) or a purchaser can cancel a proposal at
    ///      any time before execution.
    function cancelPurchase(uint256 proposalId) external {
        FundPurchases.cancel(_purchases, _VPP, proposalId);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function purchaseEta(uint256 proposalId) external view returns (uint256) {
        return _purchases.proposals[proposalId].eta;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function proposedPurchaseValue() external view returns (uint256) {
        return _purchases.proposedValue;
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Allowing (owner only) takes effect after timelockDelay; revoking (owner or a guardian) is immediate and
    ///      also cancels a pending allowance.
    function setVendorAllowed(address vendor, bool allowed) external {
        FundPurchases.setVendorAllowed(_purchases, _VPP, _TIMELOCK_DELAY, vendor, allowed);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isVendorAllowed(address vendor) external view returns (bool) {
        return FundPurchases.isEffective(_purchases.vendorAllowedAt[vendor]);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vendorAllowedAt(address vendor) external view returns (uint256) {
        return _purchases.vendorAllowedAt[vendor];
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Granting (owner only) takes effect after timelockDelay; revoking (owner or a guardian) is immediate.
    function setPurchaser(address account, bool allowed) external {
        FundPurchases.setPurchaser(_purchases, _VPP, _TIMELOCK_DELAY, account, allowed);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isPurchaser(address account) external view returns (bool) {
        return FundPurchases.isEffective(_purchases.purchaserAt[account]);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function purchaserAt(address account) external view returns (uint256) {
        return _purchases.purchaserAt[account];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawVendorPayment(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        amount = _purchases.vendorBalances[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        _purchases.vendorBalances[msg.sender] = 0;
        _purchases.vendorOwed -= amount;
        emit VendorPaymentWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vendorBalanceOf(address vendor) external view returns (uint256) {
        return _purchases.vendorBalances[vendor];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function timelockDelay() external view returns (uint256) {
        return _TIMELOCK_DELAY;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxPurchaseWei() external view returns (uint256) {
        return _MAX_PURCHASE;
    }

    // ------------------------------------------------------------------ trading

    /// @inheritdoc IEnergyInvestmentFund
    function busy() external view returns (bool) {
        return _reentrancyGuardEntered();
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Net cash of a dispatch batch: positive = the market pays the fund. The trader checked the budget; a
    ///      market that misbehaves reverts this call (the trader isolates the failure).
    function settleBatch(int256 cash, int256 inventoryDelta, int256 realised, address market) external nonReentrant {
        if (msg.sender != address(_VPP.trader())) revert NotTrader(msg.sender);
        _inventory += inventoryDelta;
        _realised += realised;
        if (cash > 0) {
            uint256 expected = uint256(cash);
            uint256 before = address(this).balance;
            _settlingMarket = market;
            IGridMarket(market).payFund(expected);
            _settlingMarket = address(0);
            uint256 received = address(this).balance - before;
            if (received != expected) revert UnexpectedSettlement(expected, received);
        } else if (cash < 0) {
            uint256 cost = uint256(-cash);
            uint256 available = _freeCash();
            if (cost > available) revert InsufficientFreeBalance(cost, available);
            IGridMarket(market).receivePayment{value: cost}();
        }
        if (realised > 0) {
            _earningsCash += uint256(realised);
        } else if (realised < 0) {
            uint256 loss = uint256(-realised);
            _earningsCash = _earningsCash > loss ? _earningsCash - loss : 0;
        }
        _spendCash();
        emit BatchSettled(cash, inventoryDelta, realised, market);
    }

    /// @notice Sum of the batteries' inventory at cost (stored energy value), wei.
    /// @return The value.
    function storedEnergyValue() external view returns (int256) {
        return _inventory;
    }

    // ------------------------------------------------------------------ internals

    function _sendValue(address payable to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert EtherTransferFailed(to, amount);
    }
}
