import Foundation
import MCPipeline
import Testing

/// The progress line as a value (cli.md "Common"): what a terminal is shown, worked by hand.
@Suite struct ProgressLineTests {
    @Test func fileIOfNTheShareDoneAndTheTimeLeft() {
        // 41 % of the file in 64 s: 64 × 0.59 / 0.41 = 92 s left; 412,000 records in 64 s.
        #expect(ProgressMeter.line(file: (2, 9), label: "sample-data/x.csv", records: 412_000, elapsed: 64,
                                   read: (offset: 117_301_000, size: 286_100_000))
                == "file 2 of 9: sample-data/x.csv  41% of 286.1 MB, 412,000 records, 6,437/s, 1 min 32 s left")
    }

    @Test func withoutACountOfFilesOrASizeTheLineSaysLess() {
        #expect(ProgressMeter.line(file: nil, label: "in.zip", records: 1000, elapsed: 2, read: nil) == "in.zip  1,000 records, 500/s")
        // Too little read to guess the time left.
        #expect(ProgressMeter.line(file: (1, 1), label: "a.csv", records: 10, elapsed: 1, read: (offset: 5, size: 1000))
                == "file 1 of 1: a.csv  0% of 1.0 KB, 10 records, 10/s")
    }
}
