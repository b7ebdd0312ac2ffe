#pragma once
// Runner results in blocks of 64: a snapshot's rows point into blocks through aliasing
// shared_ptrs, so a table of 26,000 rows touches a few hundred control blocks, and a change
// rebuilds one block, not the table's worth of results.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

class ResultBlocks {
public:
    static constexpr std::size_t block_size = 64;

    void reset(std::size_t runners) { blocks_.assign((runners + block_size - 1) / block_size, nullptr); }
    std::size_t block_of(std::size_t runner) const { return runner / block_size; }

    // Rebuilds the blocks marked in `stale` (by block) and the ones never built, from
    // `result_of(runner index)`.
    template <class ResultOf>
    void refresh(const std::vector<char>& stale, std::size_t runners, ResultOf result_of) {
        for (std::size_t b = 0; b < blocks_.size(); ++b) {
            if (!stale[b] && blocks_[b]) continue;
            auto block = std::make_shared<Block>();
            for (std::size_t k = 0; k < block_size && b * block_size + k < runners; ++k)
                block->items[k] = result_of(b * block_size + k);
            blocks_[b] = std::move(block);
        }
    }
    std::size_t blocks() const { return blocks_.size(); }

    std::shared_ptr<const RunnerResult> get(std::uint32_t runner) const {
        const auto& b = blocks_[runner / block_size];
        return {b, b->items[runner % block_size].get()};
    }

private:
    struct Block {
        std::array<std::shared_ptr<const RunnerResult>, block_size> items;
    };
    std::vector<std::shared_ptr<const Block>> blocks_;
};

}  // namespace fl::results
