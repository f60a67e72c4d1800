	addis 11,2,-18
	addi 11,11,-25488
	addis 9,2,-18
	addi 9,9,-25504
	std 9,8(5)
	lwz 0,4(6)
	cmpw 31,0
	bne .Lout
	ld 0,0(3)
	cmpd 7,0
	bne .Lout
	mr 10,30
	mr 12,4
	mr 8,29
	cmpdi 8,0
	beq .Lb1000175c
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb10001740:
	lbz 9,0(10)
	stb 9,0(12)
	addi 10,10,1
	addi 12,12,1
	addi 8,8,-1
	cmpdi 8,0
	bne .Lb10001740
.Lb1000175c:
	std 28,0(3)
	li 0,0
	std 0,8(5)
.Lout:
