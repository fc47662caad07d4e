import Foundation
import MCAggregate
import MCTestSupport
import Testing

/// The perturbation table of the cell key method: the shipped file, the script that made it, and
/// what any table must be to be read.
@Suite struct PerturbationTableTests {
    let root = Fixtures.packageRoot
    var shippedFile: String { root.appendingPathComponent("pipelines/ptables/ckm-default.txt").path }

    /// The compiled-in table is the shipped file, byte for byte (its SHA-256 goes in the manifest),
    /// and `tools/make-ptable.py` makes that file again from D = 2, V = 1.08, js = 1.
    @Test func theShippedTableIsTheScriptsOutput() throws {
        let text = try String(contentsOfFile: shippedFile, encoding: .utf8)
        let sha = String(try ProcessRunner.output("/usr/bin/sha256sum", [shippedFile]).prefix(64))
        #expect(PerturbationTable.shipped.sha256 == sha)
        #expect(PerturbationTable.shipped == (try PerturbationTable(text: text, sha256: sha)))
        let made = try ProcessRunner.output("/usr/bin/env", ["python3", root.appendingPathComponent("tools/make-ptable.py").path,
                                                             "--D", "2", "--V", "1.08", "--js", "1"])
        #expect(made == text)
    }

    /// The script's construction reproduces a published example: the `ptable` package's
    /// `pt_ex_cnts()` (D = 2, V = 1.05, js = 1), whose probabilities its own test lists.
    @Test func theScriptReproducesThePackagesPublishedExample() throws {
        let checked = try ProcessRunner.run("/usr/bin/env", ["python3", root.appendingPathComponent("tools/make-ptable.py").path, "--check"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("pt_ex_cnts reproduced"))
    }

    /// Over every cell key: 0 stays 0, no count becomes 1 or negative, no noise exceeds 2, and
    /// from 4 on (one symmetric row) the noise has mean 0 and variance 1.08, within the 1/4096
    /// steps of the key.
    @Test func theShippedTableKeepsItsPromises() {
        let table = PerturbationTable.shipped
        for count in 0...30 {
            var sum = 0, squares = 0
            for key in 0..<UInt64(PerturbationTable.keyRange) {
                let perturbed = table.perturb(count, cellKey: key &+ (key << 20) &* 4096)
                #expect(perturbed != 1 && perturbed >= 0 && abs(perturbed - count) <= 2, "\(count) key \(key) → \(perturbed)")
                if count == 0 { #expect(perturbed == 0) }
                sum += perturbed - count
                squares += (perturbed - count) * (perturbed - count)
            }
            guard count >= 1 else { continue }
            let mean = Double(sum) / 4096, variance = Double(squares) / 4096 - mean * mean
            #expect(abs(mean) < 0.002, "count \(count): mean noise \(mean)")
            #expect(variance <= 1.08 + 0.003, "count \(count): variance \(variance)")
            if count >= 4 { #expect(abs(variance - 1.08) < 0.003, "count \(count): variance \(variance)") }
        }
        // Only the key mod 4096 matters.
        #expect(table.perturb(17, cellKey: 4097) == table.perturb(17, cellKey: 1))
        #expect(table.perturb(17, cellKey: UInt64.max) == table.perturb(17, cellKey: 4095))
    }

    /// A file that is not a usable table is refused with its reason.
    @Test(arguments: [
        ("", "empty"),
        ("a;b\n1;2\n", "i, j and p_int_ub"),
        ("i;j;p_int_lb;p_int_ub\n0;0;0;1\n1;0;0;0.5\n1;2;0.5;0.9\n", "do not cover"),
        ("i;j;p_int_lb;p_int_ub\n0;0;0;1\n2;2;0;1\n", "no row for i = 1"),
        ("i;j;p_int_lb;p_int_ub\n0;1;0;1\n1;1;0;1\n", "must stay 0"),
        ("i;j;p_int_lb;p_int_ub\n0;0;0;1\n1;x;0;1\n", "line 3"),
    ])
    func unusableTablesAreRefused(text: String, reason: String) {
        #expect {
            _ = try PerturbationTable(text: text, sha256: "")
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    /// A table written the R package's way (`,` separated, quoted names, no `p_int_lb`, as
    /// pt_export's Tau-Argus form) reads the same as the shipped one.
    @Test func otherSpellingsOfTheFormatReadTheSame() throws {
        let text = try String(contentsOfFile: shippedFile, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ";").map(String.init) }
        let tauArgus = lines.map { fields in [0, 1, 2, 3, 5].map { fields[$0] == "i" ? "\"i\"" : fields[$0] }.joined(separator: ",") }
            .joined(separator: "\n") + "\n"
        let table = try PerturbationTable(text: tauArgus, sha256: "")
        for count in 0...8 {
            for key in stride(from: UInt64(0), to: 4096, by: 7) {
                #expect(table.perturb(count, cellKey: key) == PerturbationTable.shipped.perturb(count, cellKey: key))
            }
        }
    }
}
