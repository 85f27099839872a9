/**
 * The SDK's typed GraphQL documents (gql.tada, checked against the subgraph's query API schema).
 * @internal
 */
import { graphql } from './graphql.js';

/** @internal */
export const TradeFields = graphql(`
  fragment SdkTradeFields on Trade @_unmask {
    id
    battery {
      batteryId
    }
    interval
    action
    energyWh
    storedDeltaWh
    price
    value
    stateOfChargeWh
    roundId
    thresholdSource
    inventoryCostDelta
    realisedProfit
    blockNumber
    timestamp
    transactionHash
    logIndex
  }
`);

/** @internal */
export const TradesQuery = graphql(
  `
    query SdkTrades($where: Trade_filter!, $first: Int!, $block: Block_height) {
      trades(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
        ...SdkTradeFields
      }
      _meta(block: $block) {
        block {
          number
        }
        hasIndexingErrors
      }
    }
  `,
  [TradeFields],
);

/** @internal */
export const BatteryChangeFields = graphql(`
  fragment SdkBatteryChangeFields on BatteryChange @_unmask {
    id
    kind
    by
    status
    capacityWh
    maxChargeW
    maxDischargeW
    roundTripEfficiencyBps
    chargeBelowPrice
    dischargeAbovePrice
    active
    serial
    metadataURI
    stateOfChargeWh
    blockNumber
    timestamp
    transactionHash
    logIndex
  }
`);

/** @internal */
export const BatteryFields = graphql(`
  fragment SdkBatteryFields on Battery @_unmask {
    id
    batteryId
    status
    serial
    capacityWh
    maxChargeW
    maxDischargeW
    roundTripEfficiencyBps
    chargeBelowPrice
    dischargeAbovePrice
    active
    metadataURI
    stateOfChargeWh
    inventoryCost
    profile {
      profileId
    }
    bookValue
    writtenOff
    realisedProfit
    addedAt
    addedAtBlock
    addedBy
    decommissionedAt
    lastInterval
    energyChargedWh
    energyStoredWh
    energyDischargedWh
    revenue
    cost
    netRevenue
    tradeCount
    chargeCount
    dischargeCount
    idleCount
    skipCount
    purchase {
      vendor {
        id
      }
      proposal {
        proposalId
      }
      price
      by
      transactionHash
    }
  }
`);

/** @internal */
export const BatteriesQuery = graphql(
  `
    query SdkBatteries($where: Battery_filter!, $first: Int!, $block: Block_height) {
      batteries(where: $where, first: $first, orderBy: batteryId, orderDirection: asc, block: $block) {
        ...SdkBatteryFields
        changes(first: 1000, orderBy: blockNumber, orderDirection: asc) {
          ...SdkBatteryChangeFields
        }
      }
      _meta(block: $block) {
        block {
          number
        }
        hasIndexingErrors
      }
    }
  `,
  [BatteryFields, BatteryChangeFields],
);

/** @internal */
export const BatteryHistoryQuery = graphql(
  `
    query SdkBatteryHistory($id: ID!, $block: Block_height) {
      battery(id: $id, block: $block) {
        ...SdkBatteryFields
        changes(first: 1000, orderBy: blockNumber, orderDirection: asc) {
          ...SdkBatteryChangeFields
        }
        skips(first: 1000, orderBy: blockNumber, orderDirection: asc) {
          id
          interval
          reason
          value
          blockNumber
          timestamp
          transactionHash
          logIndex
        }
        daySnapshots(first: 1000, orderBy: dayIndex, orderDirection: asc) {
          dayIndex
          dayStartTimestamp
          status
          stateOfChargeWh
          inventoryCost
          capacityWh
          energyChargedWhDay
          energyStoredWhDay
          energyDischargedWhDay
          revenueDay
          costDay
          netRevenueDay
          realisedProfitDay
          tradeCountDay
          chargeCountDay
          dischargeCountDay
          idleCountDay
        }
      }
      _meta(block: $block) {
        block {
          number
        }
        hasIndexingErrors
      }
    }
  `,
  [BatteryFields, BatteryChangeFields],
);

/** @internal */
export const PriceRoundsQuery = graphql(`
  query SdkPriceRounds($where: PriceRound_filter!, $first: Int!, $block: Block_height) {
    priceRounds(where: $where, first: $first, orderBy: roundId, orderDirection: asc, block: $block) {
      roundId
      price
      updatedAt
      startedAt
      startedBy {
        id
      }
      blockNumber
      timestamp
      transactionHash
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const DividendsQuery = graphql(`
  query SdkDividends($where: Dividend_filter!, $first: Int!, $block: Block_height) {
    dividends(where: $where, first: $first, orderBy: dividendId, orderDirection: asc, block: $block) {
      dividendId
      declaredBy
      capitalReturn
      amount
      basisPoints
      eligibleShares
      epoch {
        epoch
      }
      magnifiedDividendPerShare
      blockNumber
      timestamp
      transactionHash
      logIndex
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const FundStatisticsQuery = graphql(`
  query SdkFundStatistics($block: Block_height) {
    fund(id: "fund", block: $block) {
      address
      epochDuration
      timelockDelay
      maxPurchaseWei
      genesisTimestamp
      currentEpoch
      nextEpochAt
      totalSupply
      escrowedDepositShares
      redeemSharesPending
      freeCash
      earningsCash
      capitalCash
      storedEnergyValue
      batteryBookValue
      owed
      nav
      totalAssets
      sharePrice
      owedDividends
      vendorPaymentsOwed
      reservedRedeemAssets
      pendingDepositAssets
      refundableDepositAssets
      etherBalance
      realisedProfit
      tradeCashFlow
      tradeRevenue
      tradeCost
      totalDepositRequested
      totalDepositCanceled
      totalDeposited
      totalDepositShares
      totalRedeemRequested
      totalRedeemCanceled
      totalRedeemFilled
      totalRedeemAssets
      totalRedeemClaimed
      totalDividendsDeclared
      totalCapitalReturned
      totalDividendsWithdrawn
      totalDustSwept
      totalVendorPaymentsWithdrawn
      totalSpentOnBatteries
      totalWrittenOff
      magnifiedDividendPerShare
      scheduledDividendBps
      scheduledCapitalAmount
      proposedPurchaseValue
      investorCount
      holderCount
      depositRequestCount
      redeemRequestCount
      epochCount
      dividendCount
      capitalReturnCount
      dividendClaimCount
      shareTransferCount
      purchaseProposalCount
      batteryPurchaseCount
      tradeCount
      chargeCount
      dischargeCount
      idleCount
      skipCount
      energyChargedWh
      energyStoredWh
      energyDischargedWh
      lastUpdatedBlock
      lastUpdatedTimestamp
    }
    plant(id: "plant", block: $block) {
      owner
      pendingOwner
      paused
      adminCount
      batteryCount
      fleetSize
      activeBatteryCount
      decommissionedBatteryCount
      purchasedBatteryCount
      latestPrice
      latestPriceUpdatedAt
      priceRoundCount
      profileCount
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const FundDayFields = graphql(`
  fragment SdkFundDayFields on FundDaySnapshot @_unmask {
    dayIndex
    dayStartTimestamp
    totalSupply
    freeCash
    earningsCash
    capitalCash
    storedEnergyValue
    batteryBookValue
    owed
    nav
    sharePrice
    realisedProfit
    totalDividendsDeclared
    totalCapitalReturned
    totalDividendsWithdrawn
    magnifiedDividendPerShare
    etherBalance
    holderCount
    currentEpoch
    depositRequestedDay
    depositCanceledDay
    depositedDay
    redeemRequestedDay
    redeemPaidDay
    redeemClaimedDay
    epochsSettledDay
    dividendsDeclaredDay
    capitalReturnedDay
    dividendsWithdrawnDay
    realisedProfitDay
    tradeValueDay
    tradeRevenueDay
    tradeCostDay
    energyChargedWhDay
    energyDischargedWhDay
    tradeCountDay
    priceOpen
    priceHigh
    priceLow
    priceClose
  }
`);

/** @internal */
export const FundDaysQuery = graphql(
  `
    query SdkFundDays($where: FundDaySnapshot_filter!, $first: Int!, $block: Block_height) {
      fundDaySnapshots(where: $where, first: $first, orderBy: dayIndex, orderDirection: asc, block: $block) {
        ...SdkFundDayFields
      }
      _meta(block: $block) {
        block {
          number
        }
        hasIndexingErrors
      }
    }
  `,
  [FundDayFields],
);

/** @internal */
export const PortfolioQuery = graphql(`
  query SdkPortfolio($id: ID!, $block: Block_height) {
    investor(id: $id, block: $block) {
      id
      shares
      pendingDepositAssets
      claimableDepositAssets
      claimableDepositShares
      pendingRedeemShares
      claimableRedeemShares
      claimableRedeemAssets
      dividendsWithdrawable
      dividendsEscrowed
      dividendsClaimed
      dividendsEarned
      totalDepositRequested
      totalDepositCanceled
      totalDepositClaimed
      totalDepositSharesClaimed
      totalRedeemRequested
      totalRedeemClaimed
      depositRequestCount
      redeemRequestCount
      firstDepositRequestAt
      createdAt
      lastUpdatedAt
    }
    fund(id: "fund", block: $block) {
      address
      totalSupply
      nav
      sharePrice
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const DepositRequestsQuery = graphql(`
  query SdkDepositRequests($where: DepositRequest_filter!, $first: Int!, $block: Block_height) {
    depositRequests(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      requestId
      status
      assets
      shares
      claimedAssets
      claimedShares
      canceledAssets
      createdAt
      updatedAt
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const RedeemRequestsQuery = graphql(`
  query SdkRedeemRequests($where: RedeemRequest_filter!, $first: Int!, $block: Block_height) {
    redeemRequests(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      requestId
      status
      shares
      filledShares
      filledAssets
      queuedShares
      claimedShares
      claimedAssets
      canceledShares
      createdAt
      updatedAt
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const DepositClaimsQuery = graphql(`
  query SdkDepositClaims($where: DepositClaim_filter!, $first: Int!, $block: Block_height) {
    depositClaims(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      receiver
      assets
      shares
      blockNumber
      timestamp
      transactionHash
      logIndex
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const RedeemClaimsQuery = graphql(`
  query SdkRedeemClaims($where: RedeemClaim_filter!, $first: Int!, $block: Block_height) {
    redeemClaims(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      receiver
      assets
      shares
      blockNumber
      timestamp
      transactionHash
      logIndex
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const EpochsQuery = graphql(`
  query SdkEpochs($where: Epoch_filter!, $first: Int!, $block: Block_height) {
    epoches(where: $where, first: $first, orderBy: epoch, orderDirection: asc, block: $block) {
      epoch
      open
      closesAt
      depositRequested
      depositRequestCount
      redeemRequested
      redeemRequestCount
      settledAt
      settledAtBlock
      settlementTransaction
      nav
      supply
      sharePrice
      depositAssets
      depositShares
      depositsRefused
      refusedAssets
      redeemFilled
      redeemAssets
      redeemQueued
      settledRedeemSharesFilled
      settledRedeemAssetsPaid
      settledRedeemSharesQueued
      dustSwept
      freeCashAfter
      earningsCashAfter
      storedEnergyValueAfter
      batteryBookValueAfter
      navAfter
      supplyAfter
      dividends(first: 10, orderBy: dividendId) {
        dividendId
        capitalReturn
        amount
        basisPoints
      }
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const ShareTransfersQuery = graphql(`
  query SdkShareTransfers($where: ShareTransfer_filter!, $first: Int!, $block: Block_height) {
    shareTransfers(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      fromAddress
      toAddress
      value
      isMint
      blockNumber
      timestamp
      transactionHash
      logIndex
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const DividendClaimsQuery = graphql(`
  query SdkDividendClaims($where: DividendClaim_filter!, $first: Int!, $block: Block_height) {
    dividendClaims(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      holder {
        id
      }
      to
      amount
      blockNumber
      timestamp
      transactionHash
      logIndex
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const InvestorDaysQuery = graphql(`
  query SdkInvestorDays($where: InvestorDaySnapshot_filter!, $first: Int!, $block: Block_height) {
    investorDaySnapshots(where: $where, first: $first, orderBy: dayIndex, orderDirection: asc, block: $block) {
      id
      dayIndex
      dayStartTimestamp
      shares
      pendingDepositAssets
      claimableDepositShares
      pendingRedeemShares
      claimableRedeemAssets
      dividendsEarned
      dividendsClaimed
      dividendsWithdrawable
      dividendsEscrowed
      depositRequestedDay
      redeemRequestedDay
      dividendsClaimedDay
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/** @internal */
export const HoldersQuery = graphql(`
  query SdkHolders($where: Investor_filter!, $first: Int!, $block: Block_height) {
    investors(where: $where, first: $first, orderBy: id, orderDirection: asc, block: $block) {
      id
      shares
      pendingDepositAssets
      claimableDepositAssets
      claimableDepositShares
      pendingRedeemShares
      claimableRedeemShares
      claimableRedeemAssets
      dividendsWithdrawable
      dividendsEscrowed
      dividendsClaimed
      dividendsEarned
      totalDepositRequested
      totalDepositCanceled
      totalDepositClaimed
      totalDepositSharesClaimed
      totalRedeemRequested
      totalRedeemClaimed
      depositRequestCount
      redeemRequestCount
      firstDepositRequestAt
      createdAt
      lastUpdatedAt
    }
    fund(id: "fund", block: $block) {
      totalSupply
      nav
    }
    _meta(block: $block) {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);
