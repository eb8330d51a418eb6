#!/usr/bin/env python3
"""bench/finance: writes the import benchmark's files.

  make_files.py camt053 N OUT [ACCOUNT]   a camt.053.001.02 statement of N entries (CNY, balances
                                          that add up, references, parties, remittance text)
  make_files.py alipay N OUT [ACCOUNT]    an Alipay 账务明细 settlement CSV of N rows in GBK, the
                                          layout of the built-in `alipay` mapping (comment lines,
                                          the 账号 marker, trailing tabs and commas as Alipay writes)

Deterministic: the same arguments give the same bytes. Streams as it writes (memory flat).
"""
import datetime
import sys


def amount(n):
    return 100 + (n * 2654435761) % 4999901  # minor units, 1.00 .. 50,000.00


def money(minor):
    return "%d.%02d" % (minor // 100, minor % 100)


def camt053(n, out, account):
    day0 = datetime.date(2025, 1, 1)
    total = sum(amount(i) for i in range(1, n + 1))
    opening = 1000000
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        w = f.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n')
        w("<GrpHdr><MsgId>BENCH-%s-%d</MsgId><CreDtTm>2026-01-03T08:00:00+08:00</CreDtTm></GrpHdr>\n" % (account, n))
        w("<Stmt>\n<Id>BENCH-%s-%d</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-01-03T08:00:00+08:00</CreDtTm>\n" % (account, n))
        w("<FrToDt><FrDtTm>2025-01-01T00:00:00+08:00</FrDtTm><ToDtTm>2026-01-02T23:59:59+08:00</ToDtTm></FrToDt>\n")
        w("<Acct><Id><Othr><Id>%s</Id></Othr></Id><Ccy>CNY</Ccy></Acct>\n" % account)
        for code, value, d in (("OPBD", opening, "2024-12-31"), ("CLBD", opening + total, "2026-01-02")):
            w('<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">%s</Amt>'
              "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n" % (code, money(value), d))
        for i in range(1, n + 1):
            booked = day0 + datetime.timedelta(days=(i - 1) % 365)
            value = booked + datetime.timedelta(days=i % 2)
            w('<Ntry>\n  <Amt Ccy="CNY">%s</Amt>\n  <CdtDbtInd>CRDT</CdtDbtInd>\n  <Sts>BOOK</Sts>\n'
              "  <BookgDt><Dt>%s</Dt></BookgDt>\n  <ValDt><Dt>%s</Dt></ValDt>\n"
              "  <AcctSvcrRef>%s%010d</AcctSvcrRef>\n"
              "  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n"
              "  <NtryDtls><TxDtls>\n    <Refs><EndToEndId>4200%012d%04d</EndToEndId></Refs>\n"
              "    <RltdPties><Dbtr><Nm>Customer %d</Nm></Dbtr></RltdPties>\n"
              "    <RmtInf><Ustrd>Payment order B%d &amp; thanks</Ustrd></RmtInf>\n"
              "  </TxDtls></NtryDtls>\n</Ntry>\n"
              % (money(amount(i)), booked.isoformat(), value.isoformat(), account[-6:], i, i, i * 31 % 10000,
                 1 + i % 1000, i))
        w("</Stmt>\n</BkToCstmrStmt>\n</Document>\n")


def alipay(n, out, account):
    t0 = datetime.datetime(2025, 1, 1, 8, 0, 0)
    goods = ["保温杯 500ml", "手工皂 3块装", "陶瓷茶具套装", "真丝围巾", "竹制砧板"]
    with open(out, "w", encoding="gbk", newline="\r\n") as f:
        w = f.write
        w("#支付宝账务明细查询\n#账号：[%s]\n" % account)
        w("#起始日期：[2025年01月01日 00:00:00]   终止日期：[2026年01月01日 00:00:00]\n")
        w("#-----------------------------------------账务明细列表----------------------------------------\n")
        w("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注,\n")
        balance = 1000000
        for i in range(1, n + 1):
            at = t0 + datetime.timedelta(seconds=i * 313)
            a = amount(i)
            balance += a
            w("%s%012d\t,%s22001412%010d\t,T%s-%07d\t,%s\t,%s\t,buyer%d***@163.com\t,+%s\t,\t,%s\t,支付宝\t,在线支付\t,\t,\n"
              % (account[-8:], i, at.strftime("%Y%m%d"), i, at.strftime("%Y%m%d"), i, goods[i % 5],
                 at.strftime("%Y-%m-%d %H:%M:%S"), i % 997, money(a), money(balance)))
        w("#-----------------------------------------账务明细列表结束------------------------------------\n")
        w("#收入合计：%d笔\n#导出时间：[2026年01月01日 08:00:00]\n" % n)


if __name__ == "__main__":
    kind, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    acct = sys.argv[4] if len(sys.argv) > 4 else ("CN00BENCH%08d" % count if kind == "camt053" else "2088%012d" % count)
    {"camt053": camt053, "alipay": alipay}[kind](count, path, acct)
