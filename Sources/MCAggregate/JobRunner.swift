import Foundation
import Dispatch
import Synchronization

/// Runs independent pieces of work on Dispatch and returns their results in input order, so
/// the outcome never depends on scheduling.
package struct JobRunner: Sendable {
    /// How many pieces may run at once; 1 runs them one after another.
    package let maxConcurrency: Int

    package init(maxConcurrency: Int = 0) {
        self.maxConcurrency = maxConcurrency > 0 ? maxConcurrency : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Applies `work` to every element of `inputs`, concurrently, and returns the results in the
    /// order of `inputs`.
    package func map<Input: Sendable, Output: Sendable>(_ inputs: [Input],
                                                      _ work: @Sendable (Input) -> Output) -> [Output] {
        if maxConcurrency == 1 || inputs.count < 2 { return inputs.map(work) }
        let results = Mutex<[Output?]>(Array(repeating: nil, count: inputs.count))
        let next = Atomic<Int>(0)
        let workers = min(maxConcurrency, inputs.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < inputs.count else { return }
                let output = work(inputs[index])
                results.withLock { $0[index] = output }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}


