"""The chibo Python module, installed with `pip install ./python`, against the command line's
JSON report of the same dataset (CHIBO_CLI, CHIBO_SAMPLE and CHIBO_LIBRARY say where)."""
import collections
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import chibo

CLI, SAMPLE = os.environ["CHIBO_CLI"], os.environ["CHIBO_SAMPLE"]


class ChiboModule(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        path = os.path.join(cls.tmp, "r.json")
        subprocess.run([CLI, "score", SAMPLE, "--year", "2025", "--quiet", "--json", path, "--findings",
                        "detail"], check=True)
        with open(path, encoding="utf-8") as f:
            cls.expected = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_units_priorities_and_measures_equal_the_cli_report(self):
        with chibo.load(SAMPLE) as ds, chibo.score(ds, year=2025) as report:
            units = list(report.units())
            self.assertEqual([u.id for u in units], [u["id"] for u in self.expected["units"]])
            for unit, want in zip(units, self.expected["units"]):
                self.assertAlmostEqual(unit.total, want["total"], places=12)
                self.assertEqual(unit.rating, want["rating"])
                self.assertEqual(unit.parent_id, want["parent_id"])
                got = [(p.rule, round(p.points, 9)) for p in report.priorities(unit)]
                self.assertEqual(got, [(p["rule"], round(p["points"], 9)) for p in want.get("priorities", [])])
            self.assertEqual(report.find(units[-1].id), units[-1])

    def test_findings_and_meetings_equal_the_cli_report(self):
        with chibo.load(SAMPLE) as ds, chibo.score(ds, year=2025) as report:
            want = collections.Counter((f["rule"], f["meeting_id"], f["message_en"]) for f in self.expected["findings"])
            got = collections.Counter()
            for unit in report.units():
                for f in report.findings(unit, lang="en"):
                    got[(f.rule, f.meeting_id, f.message)] += 1
            self.assertEqual(got, want)
            meetings = list(report.meetings())
            self.assertEqual([m.id for m in meetings], [m["id"] for m in self.expected["meetings"]])

    def test_the_summary_is_the_cli_summary(self):
        printed = subprocess.run([CLI, "score", SAMPLE, "--year", "2025", "--lang", "en"], check=True,
                                 capture_output=True).stdout.decode()
        with chibo.load(SAMPLE) as ds, chibo.score(ds, year=2025) as report:
            self.assertEqual(report.summary("en"), printed)

    def test_provenance_is_the_cli_reports_and_verifies_the_data(self):
        want = self.expected["provenance"]
        with chibo.load(SAMPLE) as ds, chibo.score(ds, year=2025) as report:
            record = report.provenance()
            self.assertEqual(record.policy_hash, want["policy_hash"])
            self.assertEqual([(t.name, t.rows, t.xxh128) for t in record.tables],
                             [(t["name"], t["rows"], t.get("xxh128")) for t in want["tables"]])
            path = os.path.join(self.tmp, "p.json")
            report.write_json(path)
            self.assertEqual(chibo.read_provenance(path), record)
            checked = chibo.verify(path, ds)
            self.assertTrue(checked.data_same and checked.same_version)
            self.assertEqual({state for _, state in checked.tables}, {"same"})
        changed = os.path.join(self.tmp, "changed")
        shutil.copytree(SAMPLE, changed)
        with open(os.path.join(changed, "cadres.csv"), "ab") as f:
            f.write(b"\n")  # a blank line: the same rows, other bytes
        with chibo.load(changed) as ds:
            checked = chibo.verify(path, ds)
        self.assertFalse(checked.data_same)
        self.assertEqual([name for name, state in checked.tables if state != "same"], ["cadres"])
        with self.assertRaises(chibo.ChiboError) as caught:
            chibo.read_provenance(os.path.join(changed, "members.csv"))
        self.assertEqual(caught.exception.status, 2)

    def test_a_rejected_dataset_raises_with_its_problems(self):
        bad = os.path.join(self.tmp, "bad")
        shutil.copytree(SAMPLE, bad)
        with open(os.path.join(bad, "members.csv"), "a", encoding="utf-8") as f:
            f.write("MX,nowhere,Nguyễn Văn X,member,official,2001-02-30\n")
        with self.assertRaises(chibo.ChiboError) as caught:
            chibo.load(bad)
        self.assertEqual(caught.exception.status, 2)
        self.assertTrue(caught.exception.problems)
        self.assertTrue(all(p.file == "members.csv" and p.line > 1 for p in caught.exception.problems))
        with self.assertRaises(chibo.ChiboError):
            chibo.Policy("no-such-policy.toml")
        with chibo.load(SAMPLE) as ds, self.assertRaises(ValueError):
            chibo.score(ds)


if __name__ == "__main__":
    unittest.main()
