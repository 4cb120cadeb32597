;; The GBDT trainer's inner loops, over the trainer's shared memory (see row-shards.ts for the layout).
;; A row's (gradient, hessian) pair is 8 bytes, two f32; a histogram gives each feature 256 slots
;; of two f64 sums (4096 bytes), one per bin code.
;; Calls are not inlined by V8, so no loop below calls a function.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; ordered[i] = pairs[order[i]] for i in [start, end): a node's pairs in the order of its rows.
  (func (export "gather")
    (param $order i32) (param $pairs i32) (param $ordered i32) (param $start i32) (param $end i32)
    (local $i i32)
    (local.set $i (local.get $start))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (i64.store
          (i32.add (local.get $ordered) (i32.shl (local.get $i) (i32.const 3)))
          (i64.load
            (i32.add (local.get $pairs)
              (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

;; Zeroes the histograms of the listed feature quads, then adds the pairs of the rows at
  ;; positions [start, end) into them. Codes come in quads of features: quad q's codes of row r
  ;; are the four bytes at codes + (q * rows + r) * 4 (feature 4q + k in byte k), so one load
  ;; reads a row's four codes and the four histograms it adds to are found by fixed offsets.
  (func (export "accumulate")
    (param $order i32) (param $ordered i32) (param $start i32) (param $end i32)
    (param $codes i32) (param $rows i32) (param $quads i32) (param $count i32) (param $histogram i32)
    (local $k i32) (local $quad i32) (local $i i32) (local $word i32) (local $pair v128) (local $slot i32)
    (local $c i32) (local $h i32)
    (block $quads_done
      (loop $next_quad
        (br_if $quads_done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $quad (i32.load (i32.add (local.get $quads) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $c (i32.add (local.get $codes) (i32.shl (i32.mul (local.get $quad) (local.get $rows)) (i32.const 2))))
        (local.set $h (i32.add (local.get $histogram) (i32.shl (local.get $quad) (i32.const 14))))
        (memory.fill (local.get $h) (i32.const 0) (i32.const 16384))
        (local.set $i (local.get $start))
        (block $rows_done
          (loop $row
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $word
              (i32.load (i32.add (local.get $c) (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))))
            (local.set $pair
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $ordered) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $slot (i32.add (local.get $h) (i32.and (i32.shl (local.get $word) (i32.const 4)) (i32.const 4080))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $pair)))
            (local.set $slot (i32.add (local.get $h) (i32.and (i32.shr_u (local.get $word) (i32.const 4)) (i32.const 4080))))
            (v128.store offset=4096 (local.get $slot) (f64x2.add (v128.load offset=4096 (local.get $slot)) (local.get $pair)))
            (local.set $slot (i32.add (local.get $h) (i32.and (i32.shr_u (local.get $word) (i32.const 12)) (i32.const 4080))))
            (v128.store offset=8192 (local.get $slot) (f64x2.add (v128.load offset=8192 (local.get $slot)) (local.get $pair)))
            (local.set $slot (i32.add (local.get $h) (i32.and (i32.shr_u (local.get $word) (i32.const 20)) (i32.const 4080))))
            (v128.store offset=12288 (local.get $slot) (f64x2.add (v128.load offset=12288 (local.get $slot)) (local.get $pair)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next_quad))))

  ;; Moves the rows at positions [start, end) that go left to the front, keeping their order, with
  ;; their pairs; returns where the right rows begin. A row's code is at column + 4 * row (see
  ;; accumulate). A row goes left when its code is
  ;; at most `bin` (or is 255, missing, and `missingLeft`), or, for a category, equals `bin`.
  ;; Each row is written to both sides and only one side advances: on shuffled rows a branch per
  ;; row would be mispredicted half the time.
  (func (export "partition")
    (param $order i32) (param $ordered i32) (param $start i32) (param $end i32) (param $column i32)
    (param $bin i32) (param $categorical i32) (param $missingLeft i32) (param $spare i32) (param $spareOrdered i32)
    (result i32)
    (local $i i32) (local $left i32) (local $right i32) (local $row i32) (local $code i32) (local $goesLeft i32)
    (local $pair i64)
    (local.set $i (local.get $start))
    (local.set $left (local.get $start))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $row (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $pair (i64.load (i32.add (local.get $ordered) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $code (i32.load8_u (i32.add (local.get $column) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $goesLeft
          (select
            (i32.eq (local.get $code) (local.get $bin))
            (i32.or
              (i32.le_u (local.get $code) (local.get $bin))
              (i32.and (i32.eq (local.get $code) (i32.const 255)) (local.get $missingLeft)))
            (local.get $categorical)))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $left) (i32.const 2))) (local.get $row))
        (i64.store (i32.add (local.get $ordered) (i32.shl (local.get $left) (i32.const 3))) (local.get $pair))
        (i32.store (i32.add (local.get $spare) (i32.shl (local.get $right) (i32.const 2))) (local.get $row))
        (i64.store (i32.add (local.get $spareOrdered) (i32.shl (local.get $right) (i32.const 3))) (local.get $pair))
        (local.set $left (i32.add (local.get $left) (local.get $goesLeft)))
        (local.set $right (i32.sub (i32.add (local.get $right) (i32.const 1)) (local.get $goesLeft)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (memory.copy
      (i32.add (local.get $order) (i32.shl (local.get $left) (i32.const 2)))
      (local.get $spare)
      (i32.shl (local.get $right) (i32.const 2)))
    (memory.copy
      (i32.add (local.get $ordered) (i32.shl (local.get $left) (i32.const 3)))
      (local.get $spareOrdered)
      (i32.shl (local.get $right) (i32.const 3)))
    (local.get $left))

;; A node's histogram from its shards' (shard s's at first + s * stride), over the listed features'
  ;; used bins (valueBins[f] of them, and MISSING_BIN; no row reaches the others): their sum, or
  ;; with fromParent the parent's histogram `target` holds minus them, shard by shard.
  (func (export "combine")
    (param $target i32) (param $first i32) (param $shards i32) (param $stride i32)
    (param $features i32) (param $count i32) (param $valueBins i32) (param $fromParent i32)
    (local $k i32) (local $feature i32) (local $slot i32) (local $used i32) (local $end i32) (local $source i32)
    (local $sum v128) (local $keep v128) (local $sign v128)
    ;; Subtracting is adding with the sign bit flipped, which is exact.
    (local.set $keep (i64x2.splat (i64.extend_i32_s (i32.sub (i32.const 0) (local.get $fromParent)))))
    (local.set $sign (v128.and (local.get $keep) (i64x2.splat (i64.const 0x8000000000000000))))
    (block $features_done
      (loop $next_feature
        (br_if $features_done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $feature (i32.load (i32.add (local.get $features) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $slot (i32.shl (local.get $feature) (i32.const 12)))
        (local.set $used
          (i32.add (local.get $slot) (i32.shl (i32.load (i32.add (local.get $valueBins) (i32.shl (local.get $feature) (i32.const 2)))) (i32.const 4))))
        (local.set $end (i32.add (local.get $slot) (i32.const 4096)))
        (block $bins_done
          (loop $bin
            ;; Past the used bins, on to MISSING_BIN's slot.
            (if (i32.eq (local.get $slot) (local.get $used))
              (then (local.set $slot (i32.sub (local.get $end) (i32.const 16)))))
            (br_if $bins_done (i32.ge_u (local.get $slot) (local.get $end)))
            (local.set $sum (v128.and (v128.load (i32.add (local.get $target) (local.get $slot))) (local.get $keep)))
            (local.set $source (i32.add (local.get $first) (local.get $slot)))
            (block $shards_done
              (loop $shard
                (br_if $shards_done
                  (i32.ge_u (local.get $source) (i32.add (i32.add (local.get $first) (local.get $slot)) (i32.mul (local.get $shards) (local.get $stride)))))
                (local.set $sum (f64x2.add (local.get $sum) (v128.xor (v128.load (local.get $source)) (local.get $sign))))
                (local.set $source (i32.add (local.get $source) (local.get $stride)))
                (br $shard)))
            (v128.store (i32.add (local.get $target) (local.get $slot)) (local.get $sum))
            (local.set $slot (i32.add (local.get $slot) (i32.const 16)))
            (br $bin)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next_feature))))

  ;; The split of a node that reduces the loss most, over the listed features, from its histogram
  ;; and its gradient and hessian sums. Numbers split at a bin with missing values sent whichever
  ;; way gains more; a category is split from the rest (a missing one goes with the rest). Ties go
  ;; to the first candidate in feature, bin, then missing-right-first order; each side must weigh
  ;; at least minChildWeight, and the gain must pass minGain (and 1e-12).
  ;; Sending (GL, HL) left scores GL^2 / (HL + lambda) + GR^2 / (HR + lambda): num / den with
  ;; den = (HL + lambda)(HR + lambda), num = GL^2 (HR + lambda) + GR^2 (HL + lambda), so a
  ;; candidate beats the best score when num > best * den, with no division per bin. A bin no row
  ;; reached repeats the candidate before it, which cannot beat itself: no branch skips it.
  ;; Writes 8 doubles at `out`: found (0 or 1), feature, bin, categorical, missing goes left, gain,
  ;; and the left side's gradient and hessian sums.
  (func (export "findSplit")
    (param $histogram i32) (param $gradient f64) (param $hessian f64) (param $features i32) (param $count i32)
    (param $valueBins i32) (param $categorical i32) (param $lambda f64) (param $minChildWeight f64)
    (param $minGain f64) (param $out i32)
    (local $parentScore f64) (local $best f64) (local $bestFeature i32) (local $bestBin i32)
    (local $bestCategorical i32) (local $bestMissingLeft i32) (local $bestLeftGradient f64) (local $bestLeftHessian f64)
    (local $k i32) (local $feature i32) (local $base i32) (local $bins i32) (local $bin i32)
    (local $leftGradient f64) (local $leftHessian f64) (local $rightHessian f64) (local $rightGradient f64)
    (local $left f64) (local $right f64) (local $denominator f64) (local $numerator f64)
    (local $missingGradient f64) (local $missingHessian f64) (local $withGradient f64) (local $withHessian f64)
    (local.set $parentScore
      (f64.div (f64.mul (local.get $gradient) (local.get $gradient)) (f64.add (local.get $hessian) (local.get $lambda))))
    (local.set $best (f64.add (f64.max (local.get $minGain) (f64.const 1e-12)) (local.get $parentScore)))
    (local.set $bestFeature (i32.const -1))
    (block $features_done
      (loop $next_feature
        (br_if $features_done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $feature (i32.load (i32.add (local.get $features) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $base (i32.add (local.get $histogram) (i32.shl (local.get $feature) (i32.const 12))))
        (local.set $bins (i32.load (i32.add (local.get $valueBins) (i32.shl (local.get $feature) (i32.const 2)))))
        (local.set $bin (i32.const 0))
        (if (i32.load8_u (i32.add (local.get $categorical) (local.get $feature)))
          (then
            (block $categories_done
              (loop $category
                (br_if $categories_done (i32.ge_s (local.get $bin) (local.get $bins)))
                (local.set $leftHessian (f64.load offset=8 (i32.add (local.get $base) (i32.shl (local.get $bin) (i32.const 4)))))
                (local.set $rightHessian (f64.sub (local.get $hessian) (local.get $leftHessian)))
                ;; A category no row reached splits off nothing.
                (if (i32.and
                      (f64.ne (local.get $leftHessian) (f64.const 0))
                      (i32.and
                        (f64.ge (local.get $leftHessian) (local.get $minChildWeight))
                        (f64.ge (local.get $rightHessian) (local.get $minChildWeight))))
                  (then
                    (local.set $leftGradient (f64.load (i32.add (local.get $base) (i32.shl (local.get $bin) (i32.const 4)))))
                    (local.set $rightGradient (f64.sub (local.get $gradient) (local.get $leftGradient)))
                    (local.set $left (f64.add (local.get $leftHessian) (local.get $lambda)))
                    (local.set $right (f64.add (local.get $rightHessian) (local.get $lambda)))
                    (local.set $denominator (f64.mul (local.get $left) (local.get $right)))
                    (local.set $numerator
                      (f64.add
                        (f64.mul (f64.mul (local.get $leftGradient) (local.get $leftGradient)) (local.get $right))
                        (f64.mul (f64.mul (local.get $rightGradient) (local.get $rightGradient)) (local.get $left))))
                    (if (f64.gt (local.get $numerator) (f64.mul (local.get $best) (local.get $denominator)))
                      (then
                        (local.set $best (f64.div (local.get $numerator) (local.get $denominator)))
                        (local.set $bestFeature (local.get $feature))
                        (local.set $bestBin (local.get $bin))
                        (local.set $bestCategorical (i32.const 1))
                        (local.set $bestMissingLeft (i32.const 0))
                        (local.set $bestLeftGradient (local.get $leftGradient))
                        (local.set $bestLeftHessian (local.get $leftHessian))))))
                (local.set $bin (i32.add (local.get $bin) (i32.const 1)))
                (br $category))))
          (else
            (local.set $missingGradient (f64.load offset=4080 (local.get $base)))
            (local.set $missingHessian (f64.load offset=4088 (local.get $base)))
            (local.set $leftGradient (f64.const 0))
            (local.set $leftHessian (f64.const 0))
            (block $bins_done
              (loop $numeric
                (br_if $bins_done (i32.ge_s (local.get $bin) (i32.sub (local.get $bins) (i32.const 1))))
                (local.set $leftGradient
                  (f64.add (local.get $leftGradient) (f64.load (i32.add (local.get $base) (i32.shl (local.get $bin) (i32.const 4))))))
                (local.set $leftHessian
                  (f64.add (local.get $leftHessian) (f64.load offset=8 (i32.add (local.get $base) (i32.shl (local.get $bin) (i32.const 4))))))
                (local.set $rightHessian (f64.sub (local.get $hessian) (local.get $leftHessian)))
                (if (i32.and
                      (f64.ge (local.get $leftHessian) (local.get $minChildWeight))
                      (f64.ge (local.get $rightHessian) (local.get $minChildWeight)))
                  (then
                    (local.set $rightGradient (f64.sub (local.get $gradient) (local.get $leftGradient)))
                    (local.set $left (f64.add (local.get $leftHessian) (local.get $lambda)))
                    (local.set $right (f64.add (local.get $rightHessian) (local.get $lambda)))
                    (local.set $denominator (f64.mul (local.get $left) (local.get $right)))
                    (local.set $numerator
                      (f64.add
                        (f64.mul (f64.mul (local.get $leftGradient) (local.get $leftGradient)) (local.get $right))
                        (f64.mul (f64.mul (local.get $rightGradient) (local.get $rightGradient)) (local.get $left))))
                    (if (f64.gt (local.get $numerator) (f64.mul (local.get $best) (local.get $denominator)))
                      (then
                        (local.set $best (f64.div (local.get $numerator) (local.get $denominator)))
                        (local.set $bestFeature (local.get $feature))
                        (local.set $bestBin (local.get $bin))
                        (local.set $bestCategorical (i32.const 0))
                        ;; No missing value reached this node: unseen ones follow the heavier side.
                        (local.set $bestMissingLeft
                          (select (i32.const 0) (f64.ge (local.get $leftHessian) (local.get $rightHessian))
                            (f64.gt (local.get $missingHessian) (f64.const 0))))
                        (local.set $bestLeftGradient (local.get $leftGradient))
                        (local.set $bestLeftHessian (local.get $leftHessian))))))
                (if (f64.ne (local.get $missingHessian) (f64.const 0))
                  (then
                    (local.set $withGradient (f64.add (local.get $leftGradient) (local.get $missingGradient)))
                    (local.set $withHessian (f64.add (local.get $leftHessian) (local.get $missingHessian)))
                    (local.set $rightHessian (f64.sub (local.get $hessian) (local.get $withHessian)))
                    (if (i32.and
                          (f64.ge (local.get $withHessian) (local.get $minChildWeight))
                          (f64.ge (local.get $rightHessian) (local.get $minChildWeight)))
                      (then
                        (local.set $rightGradient (f64.sub (local.get $gradient) (local.get $withGradient)))
                        (local.set $left (f64.add (local.get $withHessian) (local.get $lambda)))
                        (local.set $right (f64.add (local.get $rightHessian) (local.get $lambda)))
                        (local.set $denominator (f64.mul (local.get $left) (local.get $right)))
                        (local.set $numerator
                          (f64.add
                            (f64.mul (f64.mul (local.get $withGradient) (local.get $withGradient)) (local.get $right))
                            (f64.mul (f64.mul (local.get $rightGradient) (local.get $rightGradient)) (local.get $left))))
                        (if (f64.gt (local.get $numerator) (f64.mul (local.get $best) (local.get $denominator)))
                          (then
                            (local.set $best (f64.div (local.get $numerator) (local.get $denominator)))
                            (local.set $bestFeature (local.get $feature))
                            (local.set $bestBin (local.get $bin))
                            (local.set $bestCategorical (i32.const 0))
                            (local.set $bestMissingLeft (i32.const 1))
                            (local.set $bestLeftGradient (local.get $withGradient))
                            (local.set $bestLeftHessian (local.get $withHessian))))))))
                (local.set $bin (i32.add (local.get $bin) (i32.const 1)))
                (br $numeric)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next_feature)))
    (f64.store (local.get $out) (f64.convert_i32_u (i32.ge_s (local.get $bestFeature) (i32.const 0))))
    (f64.store offset=8 (local.get $out) (f64.convert_i32_s (local.get $bestFeature)))
    (f64.store offset=16 (local.get $out) (f64.convert_i32_s (local.get $bestBin)))
    (f64.store offset=24 (local.get $out) (f64.convert_i32_u (local.get $bestCategorical)))
    (f64.store offset=32 (local.get $out) (f64.convert_i32_u (local.get $bestMissingLeft)))
    (f64.store offset=40 (local.get $out) (f64.sub (local.get $best) (local.get $parentScore)))
    (f64.store offset=48 (local.get $out) (local.get $bestLeftGradient))
    (f64.store offset=56 (local.get $out) (local.get $bestLeftHessian)))

  ;; scores[order[i] * outputs + output] += leafValues[leaf] for each of `leafCount` leaves and the
  ;; positions i in [start, end) of its range for `shard` (leafRanges: an i32 pair per leaf and shard).
  (func (export "addLeafValues")
    (param $order i32) (param $scores i32) (param $outputs i32) (param $output i32) (param $leafValues i32)
    (param $leafRanges i32) (param $leafCount i32) (param $shards i32) (param $shard i32)
    (local $leaf i32) (local $value f64) (local $range i32) (local $i i32) (local $end i32) (local $slot i32)
    (block $leaves_done
      (loop $leaf
        (br_if $leaves_done (i32.ge_u (local.get $leaf) (local.get $leafCount)))
        (local.set $value (f64.load (i32.add (local.get $leafValues) (i32.shl (local.get $leaf) (i32.const 3)))))
        (local.set $range
          (i32.add (local.get $leafRanges)
            (i32.shl (i32.add (i32.mul (local.get $leaf) (local.get $shards)) (local.get $shard)) (i32.const 3))))
        (local.set $i (i32.load (local.get $range)))
        (local.set $end (i32.load offset=4 (local.get $range)))
        (block $rows_done
          (loop $row
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $slot
              (i32.add (local.get $scores)
                (i32.shl
                  (i32.add
                    (i32.mul (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))) (local.get $outputs))
                    (local.get $output))
                  (i32.const 3))))
            (f64.store (local.get $slot) (f64.add (f64.load (local.get $slot)) (local.get $value)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (local.set $leaf (i32.add (local.get $leaf) (i32.const 1)))
        (br $leaf))))

  ;; Adds each row's leaf value in one tree to its score: scores[row * outputs + output] for rows
  ;; [0, rows) of `values` (row-major doubles, `width` per row). A tree node takes 16 bytes: an f64
  ;; threshold, an i32 with the feature (bits 0-29), bit 30 set for a category split (equal goes
  ;; left) and bit 31 when a missing value (NaN) goes left, then an i32 with the left child's
  ;; number (the right child follows it). A leaf leads to itself (feature 0, a category split
  ;; on NaN, its own number less one), so every row takes `depth` steps and 4 rows descend
  ;; together, their loads overlapping; its value is in `leafValues`, 8 bytes per node.
  (func (export "scoreTree")
    (param $values i32) (param $rows i32) (param $width i32) (param $nodes i32) (param $leafValues i32)
    (param $depth i32) (param $scores i32) (param $outputs i32) (param $output i32)
    (local $row i32) (local $step i32) (local $word i32) (local $value f64) (local $threshold f64) (local $slot i32)
    (local $node0 i32) (local $base0 i32) (local $node1 i32) (local $base1 i32) (local $node2 i32) (local $base2 i32) (local $node3 i32) (local $base3 i32)
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.gt_u (i32.add (local.get $row) (i32.const 4)) (local.get $rows)))
        (local.set $base0 (i32.add (local.get $values) (i32.shl (i32.mul (i32.add (local.get $row) (i32.const 0)) (local.get $width)) (i32.const 3))))
        (local.set $node0 (local.get $nodes))
        (local.set $base1 (i32.add (local.get $values) (i32.shl (i32.mul (i32.add (local.get $row) (i32.const 1)) (local.get $width)) (i32.const 3))))
        (local.set $node1 (local.get $nodes))
        (local.set $base2 (i32.add (local.get $values) (i32.shl (i32.mul (i32.add (local.get $row) (i32.const 2)) (local.get $width)) (i32.const 3))))
        (local.set $node2 (local.get $nodes))
        (local.set $base3 (i32.add (local.get $values) (i32.shl (i32.mul (i32.add (local.get $row) (i32.const 3)) (local.get $width)) (i32.const 3))))
        (local.set $node3 (local.get $nodes))
        (local.set $step (i32.const 0))
        (block $descended
          (loop $descend
            (br_if $descended (i32.ge_u (local.get $step) (local.get $depth)))
            (local.set $word (i32.load offset=8 (local.get $node0)))
            (local.set $value (f64.load (i32.add (local.get $base0) (i32.shl (i32.and (local.get $word) (i32.const 0x3fffffff)) (i32.const 3)))))
            (local.set $threshold (f64.load (local.get $node0)))
            (local.set $node0
              (i32.add (local.get $nodes)
                (i32.shl
                  (i32.sub
                    (i32.add (i32.load offset=12 (local.get $node0)) (i32.const 1))
                    (select
                      (f64.eq (local.get $value) (local.get $threshold))
                      (i32.or
                        (f64.le (local.get $value) (local.get $threshold))
                        (i32.and (f64.ne (local.get $value) (local.get $value)) (i32.shr_u (local.get $word) (i32.const 31))))
                      (i32.and (i32.shr_u (local.get $word) (i32.const 30)) (i32.const 1))))
                  (i32.const 4))))
            (local.set $word (i32.load offset=8 (local.get $node1)))
            (local.set $value (f64.load (i32.add (local.get $base1) (i32.shl (i32.and (local.get $word) (i32.const 0x3fffffff)) (i32.const 3)))))
            (local.set $threshold (f64.load (local.get $node1)))
            (local.set $node1
              (i32.add (local.get $nodes)
                (i32.shl
                  (i32.sub
                    (i32.add (i32.load offset=12 (local.get $node1)) (i32.const 1))
                    (select
                      (f64.eq (local.get $value) (local.get $threshold))
                      (i32.or
                        (f64.le (local.get $value) (local.get $threshold))
                        (i32.and (f64.ne (local.get $value) (local.get $value)) (i32.shr_u (local.get $word) (i32.const 31))))
                      (i32.and (i32.shr_u (local.get $word) (i32.const 30)) (i32.const 1))))
                  (i32.const 4))))
            (local.set $word (i32.load offset=8 (local.get $node2)))
            (local.set $value (f64.load (i32.add (local.get $base2) (i32.shl (i32.and (local.get $word) (i32.const 0x3fffffff)) (i32.const 3)))))
            (local.set $threshold (f64.load (local.get $node2)))
            (local.set $node2
              (i32.add (local.get $nodes)
                (i32.shl
                  (i32.sub
                    (i32.add (i32.load offset=12 (local.get $node2)) (i32.const 1))
                    (select
                      (f64.eq (local.get $value) (local.get $threshold))
                      (i32.or
                        (f64.le (local.get $value) (local.get $threshold))
                        (i32.and (f64.ne (local.get $value) (local.get $value)) (i32.shr_u (local.get $word) (i32.const 31))))
                      (i32.and (i32.shr_u (local.get $word) (i32.const 30)) (i32.const 1))))
                  (i32.const 4))))
            (local.set $word (i32.load offset=8 (local.get $node3)))
            (local.set $value (f64.load (i32.add (local.get $base3) (i32.shl (i32.and (local.get $word) (i32.const 0x3fffffff)) (i32.const 3)))))
            (local.set $threshold (f64.load (local.get $node3)))
            (local.set $node3
              (i32.add (local.get $nodes)
                (i32.shl
                  (i32.sub
                    (i32.add (i32.load offset=12 (local.get $node3)) (i32.const 1))
                    (select
                      (f64.eq (local.get $value) (local.get $threshold))
                      (i32.or
                        (f64.le (local.get $value) (local.get $threshold))
                        (i32.and (f64.ne (local.get $value) (local.get $value)) (i32.shr_u (local.get $word) (i32.const 31))))
                      (i32.and (i32.shr_u (local.get $word) (i32.const 30)) (i32.const 1))))
                  (i32.const 4))))
            (local.set $step (i32.add (local.get $step) (i32.const 1)))
            (br $descend)))
        (local.set $slot
          (i32.add (local.get $scores)
            (i32.shl (i32.add (i32.mul (i32.add (local.get $row) (i32.const 0)) (local.get $outputs)) (local.get $output)) (i32.const 3))))
        (f64.store (local.get $slot)
          (f64.add (f64.load (local.get $slot))
            (f64.load (i32.add (local.get $leafValues) (i32.shr_u (i32.sub (local.get $node0) (local.get $nodes)) (i32.const 1))))))
        (local.set $slot
          (i32.add (local.get $scores)
            (i32.shl (i32.add (i32.mul (i32.add (local.get $row) (i32.const 1)) (local.get $outputs)) (local.get $output)) (i32.const 3))))
        (f64.store (local.get $slot)
          (f64.add (f64.load (local.get $slot))
            (f64.load (i32.add (local.get $leafValues) (i32.shr_u (i32.sub (local.get $node1) (local.get $nodes)) (i32.const 1))))))
        (local.set $slot
          (i32.add (local.get $scores)
            (i32.shl (i32.add (i32.mul (i32.add (local.get $row) (i32.const 2)) (local.get $outputs)) (local.get $output)) (i32.const 3))))
        (f64.store (local.get $slot)
          (f64.add (f64.load (local.get $slot))
            (f64.load (i32.add (local.get $leafValues) (i32.shr_u (i32.sub (local.get $node2) (local.get $nodes)) (i32.const 1))))))
        (local.set $slot
          (i32.add (local.get $scores)
            (i32.shl (i32.add (i32.mul (i32.add (local.get $row) (i32.const 3)) (local.get $outputs)) (local.get $output)) (i32.const 3))))
        (f64.store (local.get $slot)
          (f64.add (f64.load (local.get $slot))
            (f64.load (i32.add (local.get $leafValues) (i32.shr_u (i32.sub (local.get $node3) (local.get $nodes)) (i32.const 1))))))
        (local.set $row (i32.add (local.get $row) (i32.const 4)))
        (br $group)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $base0 (i32.add (local.get $values) (i32.shl (i32.mul (i32.add (local.get $row) (i32.const 0)) (local.get $width)) (i32.const 3))))
        (local.set $node0 (local.get $nodes))
        (local.set $step (i32.const 0))
        (block $descended
          (loop $descend
            (br_if $descended (i32.ge_u (local.get $step) (local.get $depth)))
            (local.set $word (i32.load offset=8 (local.get $node0)))
            (local.set $value (f64.load (i32.add (local.get $base0) (i32.shl (i32.and (local.get $word) (i32.const 0x3fffffff)) (i32.const 3)))))
            (local.set $threshold (f64.load (local.get $node0)))
            (local.set $node0
              (i32.add (local.get $nodes)
                (i32.shl
                  (i32.sub
                    (i32.add (i32.load offset=12 (local.get $node0)) (i32.const 1))
                    (select
                      (f64.eq (local.get $value) (local.get $threshold))
                      (i32.or
                        (f64.le (local.get $value) (local.get $threshold))
                        (i32.and (f64.ne (local.get $value) (local.get $value)) (i32.shr_u (local.get $word) (i32.const 31))))
                      (i32.and (i32.shr_u (local.get $word) (i32.const 30)) (i32.const 1))))
                  (i32.const 4))))
            (local.set $step (i32.add (local.get $step) (i32.const 1)))
            (br $descend)))
        (local.set $slot
          (i32.add (local.get $scores)
            (i32.shl (i32.add (i32.mul (i32.add (local.get $row) (i32.const 0)) (local.get $outputs)) (local.get $output)) (i32.const 3))))
        (f64.store (local.get $slot)
          (f64.add (f64.load (local.get $slot))
            (f64.load (i32.add (local.get $leafValues) (i32.shr_u (i32.sub (local.get $node0) (local.get $nodes)) (i32.const 1))))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $next))))
)
